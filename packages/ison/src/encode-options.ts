/**
 * How field names taken from row keys are written. `map` (the default)
 * rewrites names ISON cannot carry (see `isonFieldNames`) so formatting never
 * fails on a column name; `strict` refuses them with `INVALID_FIELD_NAME`.
 * Field lists given explicitly are always written exactly as given.
 */
export type FieldNamePolicy = 'map' | 'strict';

export interface EncodeOptions {
  /** Canonical form (ISONCS): blocks, fields and rows sorted for stable bytes. */
  readonly canonical?: boolean;
  readonly fieldNames?: FieldNamePolicy;
}

export interface EncodeRowsOptions extends EncodeOptions {
  /** The block name: `table.NAME` (or `object.NAME`). */
  readonly name: string;
}

export interface EncodeStreamOptions {
  readonly name: string;
  /** `ison` (default): one `table.NAME` block; `isonl`: one line per row. */
  readonly format?: 'ison' | 'isonl';
  readonly fieldNames?: FieldNamePolicy;
  /**
   * Rows read before the header is written (default 1000). The header's
   * fields and `:json` columns come from these rows.
   */
  readonly headerSampleSize?: number;
  /** Characters gathered before a chunk is yielded (default 65536). */
  readonly chunkSize?: number;
}
