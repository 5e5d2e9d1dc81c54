import type { ModelStorageDescription } from '@sqh/core/spi';
import { quoteIdentifier } from './sql-identifier.js';
import type { TableMapping } from './table-mapping.js';
import type { TenantEngine } from './tenant-engine.js';

/** Tables up to this size are counted exactly (a quick scan); larger ones report the planner's estimate. */
export const EXACT_COUNT_MAX_BYTES = 64 * 1024 * 1024;

interface TableSize {
  readonly stored: boolean;
  readonly bytes: string;
  /** Sum of pg_class.reltuples over the table's storage; null when one part was never analyzed. */
  readonly estimate: number | null;
}

/**
 * Whether each model's table exists in the engine's database, with its row
 * count when that is cheap: exact below EXACT_COUNT_MAX_BYTES, else the planner's
 * estimate (absent until the table has been analyzed). Partitions are summed.
 */
export async function describeTables(
  engine: TenantEngine,
  mappings: readonly TableMapping[],
  exactCountMaxBytes = EXACT_COUNT_MAX_BYTES,
): Promise<ModelStorageDescription[]> {
  const descriptions: ModelStorageDescription[] = [];
  for (const mapping of mappings) {
    const size = await tableSize(engine, mapping.table);
    if (!size.stored) {
      descriptions.push({ model: mapping.modelKey, stored: false });
    } else if (Number(size.bytes) <= exactCountMaxBytes) {
      const { rows } = await engine.query<{ count: string }>(
        `SELECT count(*) AS count FROM ${quoteIdentifier(mapping.table)}`,
      );
      descriptions.push({
        model: mapping.modelKey,
        stored: true,
        rows: Number(rows[0]?.count),
        rowsExact: true,
      });
    } else if (size.estimate !== null) {
      descriptions.push({ model: mapping.modelKey, stored: true, rows: size.estimate, rowsExact: false });
    } else {
      descriptions.push({ model: mapping.modelKey, stored: true });
    }
  }
  return descriptions;
}

async function tableSize(engine: TenantEngine, table: string): Promise<TableSize> {
  const { rows } = await engine.query<TableSize>(
    `WITH target AS (SELECT to_regclass(quote_ident($1)) AS oid),
          parts AS (
            SELECT c.relpages, c.reltuples, pg_relation_size(c.oid) AS bytes
              FROM pg_class c, target
             WHERE c.relkind <> 'p'
               AND (c.oid = target.oid OR c.oid IN (SELECT relid FROM pg_partition_tree(target.oid)))
          )
     SELECT (SELECT oid IS NOT NULL FROM target) AS stored,
            coalesce((SELECT sum(bytes) FROM parts), 0)::text AS bytes,
            CASE WHEN (SELECT bool_or(reltuples < 0) FROM parts) THEN NULL
                 ELSE coalesce((SELECT sum(reltuples) FROM parts), 0)::float8 END AS estimate`,
    [table],
  );
  return rows[0] ?? { stored: false, bytes: '0', estimate: null };
}
