import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportRowsOptions, RecordData, SqhRecord } from '@sqh/core/spi';
import type { PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';
import { copyLineEncoder } from './copy-text-encoding.js';
import { newRecordId } from './id-generator.js';
import {
  createPartitionsOn,
  type PartitionCreator,
  type PartitionRange,
  partitionsFor,
} from './partitioning.js';
import { quoteIdentifier } from './sql-identifier.js';
import type { TableMapping } from './table-mapping.js';
import type { TenantEngine } from './tenant-engine.js';

/** Characters per write to the COPY stream: large enough to amortise stream overhead, small enough to pipeline. */
const CHUNK_CHARS = 64 * 1024;

export interface StreamedRows {
  readonly count: number;
  readonly records: SqhRecord[];
}

/** Where a COPY failure happened: the failing segment's first row, so its line number maps back to the input. */
export interface CopyPosition {
  segmentStart: number;
}

/**
 * Refuses a batch (whose first row is row `firstRow` of the input) holding a
 * caller-chosen id already stored; runs on the writing connection, between COPYs.
 */
export type ChosenIdCheck = (
  client: PoolClient,
  batch: readonly RecordData[],
  firstRow: number,
) => Promise<void>;

/**
 * Writes batches of validated rows with `COPY ... FROM STDIN`, pulling the next
 * batch only when the stream has room: the caller validates batch n+1 while the
 * server ingests batch n, and memory holds a batch or two, whatever the total.
 *
 * Atomic: one transaction. Otherwise a commit whenever the next batch would take
 * the transaction past `commitEvery` rows. A batch that needs a partition this
 * process has not seen ends the running COPY; the partition is created on the
 * same connection, inside the transaction (from another connection it would wait
 * for this transaction to end), and a new COPY carries on. So does a batch with
 * caller-chosen ids on a partitioned table, after `checkChosenIds`.
 */
export async function streamRows(
  engine: TenantEngine,
  mapping: TableMapping,
  partitions: PartitionCreator,
  batches: AsyncIterable<readonly RecordData[]>,
  options: ImportRowsOptions,
  position: CopyPosition,
  checkChosenIds: ChosenIdCheck,
): Promise<StreamedRows> {
  const source = batches[Symbol.asyncIterator]();
  const encode = copyLineEncoder(mapping);
  const columns = mapping.columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const copyStatement = `COPY ${quoteIdentifier(mapping.table)} (${columns}) FROM STDIN`;
  const records: SqhRecord[] = [];
  let count = 0;
  let exhausted = false;

  async function nextBatch(): Promise<readonly RecordData[] | undefined> {
    const next = await source.next();
    if (next.done) exhausted = true;
    return next.done ? undefined : next.value;
  }

  // On a partitioned table the key alone does not keep ids unique: a batch with
  // chosen ids is checked against what is stored (this transaction's rows included).
  const needsIdCheck = (batch: readonly RecordData[]) =>
    mapping.partition !== undefined && batch.some((row) => typeof row.id === 'string');

  const missingPartitions = (batch: readonly RecordData[], createdHere: readonly PartitionRange[]) =>
    partitionsFor(mapping, batch).filter(
      (range) =>
        !partitions.exists(engine, range.name) && !createdHere.some((made) => made.name === range.name),
    );

  /**
   * One COPY: `first`, then following batches while `admit` says so. Returns the
   * batch it stopped at, or undefined when the source ended or the transaction is
   * `full` (checked before pulling: the next batch is not validated before a commit).
   */
  async function copySegment(
    client: PoolClient,
    first: readonly RecordData[],
    full: () => boolean,
    admit: (batch: readonly RecordData[]) => boolean,
  ): Promise<readonly RecordData[] | undefined> {
    position.segmentStart = count;
    let stoppedAt: readonly RecordData[] | undefined;
    async function* chunks(): AsyncGenerator<string> {
      let batch: readonly RecordData[] | undefined = first;
      while (batch !== undefined) {
        let chunk = '';
        for (const row of batch) {
          const id = typeof row.id === 'string' ? row.id : newRecordId();
          chunk += encode(row, id);
          if (options.returning) records.push((row.id === id ? row : { ...row, id }) as SqhRecord);
          if (chunk.length >= CHUNK_CHARS) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk.length > 0) yield chunk;
        count += batch.length;
        options.onWritten?.(count);
        if (full()) return;
        const next = await nextBatch();
        if (next !== undefined && !admit(next)) {
          stoppedAt = next;
          return;
        }
        batch = next;
      }
    }
    const copy = client.query(copyStreams.from(copyStatement));
    await pipeline(Readable.from(chunks(), { objectMode: false }), copy);
    return stoppedAt;
  }

  let carried: readonly RecordData[] | undefined;
  while (!exhausted) {
    carried ??= await nextBatch();
    if (carried === undefined) break;
    const createdHere: PartitionRange[] = [];
    let inTransaction = 0;
    const full = () => !options.atomic && inTransaction >= options.commitEvery;
    await engine.transaction(async (client) => {
      while (carried !== undefined) {
        if (!options.atomic && inTransaction > 0 && inTransaction + carried.length > options.commitEvery)
          return;
        const missing = missingPartitions(carried, createdHere);
        if (missing.length > 0) {
          await createPartitionsOn(client, mapping.table, missing);
          createdHere.push(...missing);
        }
        if (needsIdCheck(carried)) await checkChosenIds(client, carried, count);
        const before = count;
        carried = await copySegment(
          client,
          carried,
          () => !options.atomic && inTransaction + (count - before) >= options.commitEvery,
          (batch) =>
            (options.atomic || inTransaction + (count - before) + batch.length <= options.commitEvery) &&
            missingPartitions(batch, createdHere).length === 0 &&
            !needsIdCheck(batch),
        );
        inTransaction += count - before;
        if (full()) return;
      }
    });
    partitions.remember(engine, createdHere);
    options.onCommitted?.(count);
  }
  return { count, records };
}
