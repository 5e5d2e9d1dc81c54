import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RecordData } from '@sqh/core/spi';
import type { PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';
import { copyLineEncoder } from './copy-text-encoding.js';
import { quoteIdentifier } from './sql-identifier.js';
import type { TableMapping } from './table-mapping.js';

/** Characters per write to the COPY stream: large enough to amortise stream overhead, small enough to pipeline. */
const CHUNK_CHARS = 64 * 1024;
/** Rows between two progress reports. */
const PROGRESS_EVERY = 10_000;

export interface CopyRowsOptions {
  /** Rows handed to the server so far; the caller reports completion itself after commit. */
  readonly onProgress?: (written: number) => void;
}

/**
 * Streams rows into the table with `COPY ... FROM STDIN` (text format), the
 * fastest path PostgreSQL offers one connection. Run it inside a transaction:
 * a COPY is all-or-nothing, and the caller decides what else commits with it.
 * `ids[i]` is the id of `rows[i]`.
 */
export async function copyRows(
  client: PoolClient,
  mapping: TableMapping,
  rows: readonly RecordData[],
  ids: readonly string[],
  options: CopyRowsOptions = {},
): Promise<number> {
  const columns = mapping.columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const copy = client.query(
    copyStreams.from(`COPY ${quoteIdentifier(mapping.table)} (${columns}) FROM STDIN`),
  );
  const encode = copyLineEncoder(mapping);
  const { onProgress } = options;

  function* chunks(): Generator<string> {
    let chunk = '';
    let reported = 0;
    for (let index = 0; index < rows.length; index++) {
      chunk += encode(rows[index]!, ids[index]!);
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
        if (onProgress && index + 1 - reported >= PROGRESS_EVERY) {
          reported = index + 1;
          onProgress(reported);
        }
      }
    }
    if (chunk.length > 0) yield chunk;
  }

  await pipeline(Readable.from(chunks(), { objectMode: false }), copy);
  return copy.rowCount;
}

/** The 0-based row a COPY error points at (`COPY t, line 3, column x: ...`), if it says. */
export function failedCopyRow(error: unknown): { row: number; column?: string } | undefined {
  const where = (error as { where?: unknown } | null)?.where;
  if (typeof where !== 'string') return undefined;
  const match = /COPY [^,]+, line (\d+)(?:, column ([^:]+))?/.exec(where);
  if (!match) return undefined;
  return { row: Number(match[1]) - 1, ...(match[2] === undefined ? {} : { column: match[2] }) };
}
