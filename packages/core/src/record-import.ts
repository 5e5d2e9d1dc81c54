import type { CallOptions } from './record-service.js';

/** Rows to import: an array, any iterable or async iterable, or a Node object-mode Readable. */
export type ImportSource =
  | Iterable<Readonly<Record<string, unknown>>>
  | AsyncIterable<Readonly<Record<string, unknown>>>;

export interface ImportProgress {
  /** Rows of the source (counted from row 0, `resumeAt` included) handed to the store. */
  readonly written: number;
  /** Rows of the source that are committed: equal to `written` once an import ends. */
  readonly committed: number;
}

export interface ImportOptions extends CallOptions {
  /** Default true: everything or nothing. False commits every `commitEvery` rows. */
  readonly atomic?: boolean;
  /** With `atomic: false`: rows per commit (default 100,000). */
  readonly commitEvery?: number;
  /** Skips this many rows of the source: the `committedRows` of an interrupted import. */
  readonly resumeAt?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult {
  /** Rows stored by this call (rows skipped by `resumeAt` not included). */
  readonly count: number;
}

export const DEFAULT_COMMIT_EVERY = 100_000;
/**
 * Rows validated at a time. Small enough that the store starts ingesting the
 * first batch almost at once and memory stays flat; large enough that
 * per-batch costs vanish.
 */
export const IMPORT_BATCH_ROWS = 4_096;

export function isImportSource(source: unknown): source is ImportSource {
  return (
    typeof source === 'object' &&
    source !== null &&
    (typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}

/**
 * The source's rows from `skip` on, in batches of at most `size` rows; no batch
 * crosses a multiple of `boundary` (counted from the first row yielded), so a
 * commit every `boundary` rows falls between two batches.
 */
export async function* sourceBatches(
  source: ImportSource,
  skip: number,
  size: number,
  boundary: number,
): AsyncGenerator<Readonly<Record<string, unknown>>[]> {
  let batch: Readonly<Record<string, unknown>>[] = [];
  let seen = 0;
  let taken = 0;
  /** Adds a row; true when the batch is complete. */
  const add = (row: Readonly<Record<string, unknown>>): boolean => {
    if (seen++ < skip) return false;
    batch.push(row);
    taken++;
    return batch.length >= size || taken % boundary === 0;
  };
  const take = () => {
    const full = batch;
    batch = [];
    return full;
  };
  // A synchronous source is read without an await per row, which costs more than validating it.
  if (typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const row of source as Iterable<Readonly<Record<string, unknown>>>) if (add(row)) yield take();
  } else {
    for await (const row of source as AsyncIterable<Readonly<Record<string, unknown>>>)
      if (add(row)) yield take();
  }
  if (batch.length > 0) yield take();
}
