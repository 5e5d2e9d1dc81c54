import type { FormatOptions, OutputFormatter, ResultRow, SqhPlugin } from '@sqh/core/spi';
import { encode } from './encode.js';
import { encodeStream } from './stream-encoder.js';

/** The `ison` output format: a result set as one `table.NAME` block. */
export const isonOutputFormat: OutputFormatter = {
  name: 'ison',
  // ISON has no registered media type; this is the conventional unregistered form.
  mediaType: 'text/x-ison',
  format: (rows: readonly ResultRow[], options: FormatOptions) => encode(rows, { name: options.name }),
  formatStream: (rows: AsyncIterable<ResultRow>, options: FormatOptions) =>
    encodeStream(rows, { name: options.name }),
};

/** Registers the `ison` output format: `createSqh({ plugins: [isonPlugin()] })`. */
export function isonPlugin(): SqhPlugin {
  return {
    name: '@sqh/ison',
    register: (_container, api) => {
      api.registerOutputFormat(isonOutputFormat);
    },
  };
}
