import { type AccessContext, type ResultRow, ValidationError } from '@sqh/core/spi';

/** The output formats every method can return: plain rows, or one ISON document. */
export type OutputFormatName = 'json' | 'ison';

/** Options every query method takes last. */
export interface QueryOptions<F extends OutputFormatName = OutputFormatName> {
  /** Who is asking; the access policy decides what they may read. */
  readonly access?: AccessContext;
  readonly signal?: AbortSignal;
  /** 'json' (default) returns rows; 'ison' returns the rows encoded as one ISON table. */
  readonly outputFormat?: F;
  /** The statement is cancelled by PostgreSQL after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/** Rows for 'json' (or no format), an ISON string for 'ison'. */
export type QueryResult<F extends OutputFormatName> = F extends 'ison' ? string : ResultRow[];

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 3_600_000;

/** The statement timeout of a call, checked: a bad value is refused, never replaced by "no limit". */
export function timeoutOf(options: QueryOptions): number {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_MS) {
    throw new ValidationError(`timeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}`, [
      { path: ['timeoutMs'], message: `got ${String(timeout)}` },
    ]);
  }
  return timeout;
}

export function outputFormatOf(options: QueryOptions): OutputFormatName {
  const format = options.outputFormat ?? 'json';
  if (format !== 'json' && format !== 'ison') {
    throw new ValidationError("outputFormat must be 'json' or 'ison'", [
      { path: ['outputFormat'], message: `got ${JSON.stringify(String(format))}` },
    ]);
  }
  return format;
}

/** An integer in [min, max] or a ValidationError naming the option. */
export function checkedInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}`, [
      { path: [name], message: `got ${String(value)}` },
    ]);
  }
  return value;
}

/** Refuses a value that is not a plain object (arrays, null, class instances). */
export function checkedObject(value: unknown, name: string): Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(`${name} must be an object`, [{ path: [name], message: 'expected an object' }]);
  }
  return value as Record<string, unknown>;
}
