import { ID_FIELD, type RecordData } from '@sqh/core/spi';
import type { PoolClient } from 'pg';
import { quoteIdentifier } from './sql-identifier.js';
import type { TableMapping } from './table-mapping.js';

/** A row whose id is already taken: by an earlier row of the same write, or by a stored record. */
export interface TakenId {
  readonly row: number;
  readonly id: string;
}

/**
 * One id, one record on a partitioned table. Its primary key must include the
 * partition column, so the key alone lets the same id live in two partitions.
 * Ids sqh generates (UUIDv7) are unique by construction; ids a caller chose are
 * checked here, inside the writing transaction: a per-table advisory lock held
 * to commit makes writers of chosen ids take turns, so the lookup of stored ids
 * cannot race another such write. Bulk writes with generated ids pay nothing.
 */
export async function findTakenId(
  client: PoolClient,
  mapping: TableMapping,
  rows: readonly RecordData[],
): Promise<TakenId | undefined> {
  if (!mapping.partition) return undefined;
  const chosen = new Map<string, number>();
  for (const [row, data] of rows.entries()) {
    const id = data[ID_FIELD];
    if (typeof id !== 'string') continue;
    if (chosen.has(id)) return { row, id };
    chosen.set(id, row);
  }
  if (chosen.size === 0) return undefined;
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sqh.ids.${mapping.table}`]);
  const id = quoteIdentifier(ID_FIELD);
  const stored = await client.query<{ id: string }>(
    `SELECT ${id} AS id FROM ${quoteIdentifier(mapping.table)} WHERE ${id} = ANY ($1::text[])`,
    [[...chosen.keys()]],
  );
  let first: TakenId | undefined;
  for (const { id: taken } of stored.rows) {
    const row = chosen.get(taken) as number;
    if (!first || row < first.row) first = { row, id: taken };
  }
  return first;
}
