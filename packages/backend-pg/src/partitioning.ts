import type { PartitionInterval } from '@sqh/core/spi';
import type { PoolClient } from 'pg';
import { PromiseCache } from './promise-cache.js';
import { derivedIdentifier, quoteIdentifier, quoteLiteral } from './sql-identifier.js';
import type { TableMapping } from './table-mapping.js';
import type { TenantEngine } from './tenant-engine.js';
import { formatTimestamp } from './timestamp-format.js';

/** One range partition: rows with `from <= value < to` (UTC boundaries). */
export interface PartitionRange {
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
}

const DAY_MS = 86_400_000;

/** Start of the interval holding `time` (ms since epoch), in UTC; weeks start on Monday. */
export function intervalStart(time: number, interval: PartitionInterval): number {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  switch (interval) {
    case 'day':
      return utc(year, month, day);
    case 'week':
      return utc(year, month, day) - ((date.getUTCDay() + 6) % 7) * DAY_MS;
    case 'month':
      return utc(year, month, 1);
    case 'year':
      return utc(year, 0, 1);
  }
}

/** Midnight UTC of a calendar day; unlike Date.UTC, years 0–99 are not read as 1900–1999. */
function utc(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

function intervalEnd(start: number, interval: PartitionInterval): number {
  const date = new Date(start);
  switch (interval) {
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month':
      return utc(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    case 'year':
      return utc(date.getUTCFullYear() + 1, 0, 1);
  }
}

function suffixOf(start: Date, interval: PartitionInterval): string {
  const year = start.getUTCFullYear();
  const shownYear = `${year < 0 ? 'm' : ''}${String(Math.abs(year)).padStart(4, '0')}`;
  const month = String(start.getUTCMonth() + 1).padStart(2, '0');
  const day = String(start.getUTCDate()).padStart(2, '0');
  switch (interval) {
    case 'year':
      return `_p${shownYear}`;
    case 'month':
      return `_p${shownYear}${month}`;
    default:
      return `_p${shownYear}${month}${day}`;
  }
}

export function partitionFor(table: string, interval: PartitionInterval, value: Date): PartitionRange {
  const start = intervalStart(value.getTime(), interval);
  const from = new Date(start);
  return {
    name: derivedIdentifier(table, suffixOf(from, interval)),
    from,
    to: new Date(intervalEnd(start, interval)),
  };
}

/** The distinct partitions a set of rows falls into (one pass, a Set of interval starts). */
export function partitionsFor(
  mapping: TableMapping,
  rows: readonly Readonly<Record<string, unknown>>[],
): PartitionRange[] {
  const partition = mapping.partition;
  if (!partition) return [];
  const starts = new Set<number>();
  for (const row of rows) {
    const value = row[partition.column];
    if (value instanceof Date) starts.add(intervalStart(value.getTime(), partition.interval));
  }
  return [...starts].map((start) => partitionFor(mapping.table, partition.interval, new Date(start)));
}

export function createPartitionStatement(table: string, range: PartitionRange): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(range.name)} PARTITION OF ${quoteIdentifier(table)} ` +
    `FOR VALUES FROM (${quoteLiteral(formatTimestamp(range.from))}) TO (${quoteLiteral(formatTimestamp(range.to))})`
  );
}

/**
 * Creates missing partitions on demand. Concurrent writers are safe: within
 * this process one promise per partition, across processes a transaction-level
 * advisory lock around `CREATE TABLE IF NOT EXISTS` (which alone can still race).
 */
export class PartitionCreator {
  private readonly known = new PromiseCache<TenantEngine, void>();
  /** Partitions known to be committed, per engine. */
  private readonly created = new WeakMap<TenantEngine, Set<string>>();

  /** True when the partition is known to exist (created, or seen created, by this process). */
  exists(engine: TenantEngine, name: string): boolean {
    return this.created.get(engine)?.has(name) === true;
  }

  /** Partitions a caller created in its own transaction, once that transaction committed. */
  remember(engine: TenantEngine, ranges: readonly PartitionRange[]): void {
    if (ranges.length === 0) return;
    let names = this.created.get(engine);
    if (!names) {
      names = new Set();
      this.created.set(engine, names);
    }
    for (const range of ranges) names.add(range.name);
  }

  async ensure(
    engine: TenantEngine,
    mapping: TableMapping,
    ranges: readonly PartitionRange[],
  ): Promise<void> {
    const pending: Promise<void>[] = [];
    const missing: PartitionRange[] = [];
    for (const range of ranges) {
      const known = this.known.peek(engine, range.name);
      if (known) pending.push(known);
      else missing.push(range);
    }
    if (missing.length > 0) {
      const created = engine.transaction((client) => createPartitionsOn(client, mapping.table, missing));
      for (const range of missing) this.known.put(engine, range.name, created);
      pending.push(created);
    }
    await Promise.all(pending);
    this.remember(engine, ranges);
  }
}

/**
 * Creates partitions inside the caller's transaction on `client`: a streaming
 * import holds its table open in one transaction, and a partition created from
 * another connection would wait for that transaction to end.
 */
export async function createPartitionsOn(
  client: Pick<PoolClient, 'query'>,
  table: string,
  ranges: readonly PartitionRange[],
): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sqh.partition.${table}`]);
  for (const range of ranges) await client.query(createPartitionStatement(table, range));
}
