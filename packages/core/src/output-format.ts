import { ConfigurationError, NotFoundError } from './errors.js';
import { quoteInput } from './quoted-input.js';

/** A row of a result: a record, an aggregate row, a graph edge. */
export type ResultRow = Readonly<Record<string, unknown>>;

export interface FormatOptions {
  /** Name of the result set (ISON block name, for instance). */
  readonly name: string;
}

/** The output-format SPI. `json` is built in; @sqh/ison adds `ison`. */
export interface OutputFormatter {
  readonly name: string;
  readonly mediaType: string;
  format(rows: readonly ResultRow[], options: FormatOptions): string;
  /** Streams text chunks so a huge result never becomes one string. */
  formatStream?(rows: AsyncIterable<ResultRow>, options: FormatOptions): AsyncIterable<string>;
}

export const jsonFormatter: OutputFormatter = {
  name: 'json',
  mediaType: 'application/json',
  format: (rows) => JSON.stringify(rows),
  async *formatStream(rows) {
    let first = true;
    yield '[';
    for await (const row of rows) {
      yield (first ? '' : ',') + JSON.stringify(row);
      first = false;
    }
    yield ']';
  },
};

export class OutputFormatRegistry {
  private readonly formatters = new Map<string, OutputFormatter>([[jsonFormatter.name, jsonFormatter]]);

  register(formatter: OutputFormatter): void {
    if (this.formatters.has(formatter.name)) {
      throw new ConfigurationError(`Output format '${formatter.name}' is registered twice.`);
    }
    this.formatters.set(formatter.name, formatter);
  }

  get(name: string): OutputFormatter {
    const formatter = this.formatters.get(name);
    if (!formatter) {
      throw new NotFoundError(
        `Unknown output format ${quoteInput(name)}. Registered: ${this.names().join(', ')}` +
          (name === 'ison' ? '. Add isonPlugin() from @sqh/ison to createSqh.' : '.'),
      );
    }
    return formatter;
  }

  names(): string[] {
    return [...this.formatters.keys()];
  }

  format(name: string, rows: readonly ResultRow[], options: FormatOptions): string {
    return this.get(name).format(rows, options);
  }
}
