import type { ResultRow } from '@sqh/core/spi';

/** How a value read from PostgreSQL becomes the value a caller sees. */
export type ValueDecoding = 'asIs' | 'number';

/** One output column: the caller's key, the safe alias used in SQL, and its decoding. */
export interface ResultColumn {
  readonly key: string;
  readonly alias: string;
  readonly decoding: ValueDecoding;
}

/**
 * Caller-chosen names (metric aliases, select keys) never reach SQL: the
 * statement uses generated aliases (`c0`, `c1`, …) and rows are renamed here.
 * bigint and numeric results arrive as strings from pg; they become numbers.
 */
export function renameRows(
  rows: readonly Record<string, unknown>[],
  columns: readonly ResultColumn[],
): ResultRow[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const column of columns) {
      const value = row[column.alias];
      out[column.key] = column.decoding === 'number' && typeof value === 'string' ? Number(value) : value;
    }
    return out;
  });
}

/** The same for rows read as arrays, whose cells follow `columns`' order. */
export function rowsFromArrays(rows: readonly unknown[][], columns: readonly ResultColumn[]): ResultRow[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index] as ResultColumn;
      const value = row[index];
      out[column.key] = column.decoding === 'number' && typeof value === 'string' ? Number(value) : value;
    }
    return out;
  });
}

/** `c{n}`: an output alias that is a plain identifier, whatever the caller named the column. */
export function aliasAt(index: number): string {
  return `c${index}`;
}

/** Integers may be BIGINT columns, which pg returns as strings. */
export function decodingOf(field: { readonly kind: string }): ValueDecoding {
  return field.kind === 'integer' ? 'number' : 'asIs';
}
