import { randomBytes } from 'node:crypto';
import { PG_BACKEND, pgBackend, type TenantDatabaseManager } from '@sqh/backend-pg';
import { createSqh, type Model, type Sqh } from '@sqh/core';
import { isonPlugin } from '@sqh/ison';
import { type PostgresServer, resolvePostgres } from '@sqh/postgres-server';
import { PG_QUERY, type PostgreSQLQueryService, pgQueryPlugin } from '@sqh/query-pg';
import pg from 'pg';

// Shared by the query-pg benchmarks: an sqh with the query plugin on SQH_PG_URL
// (or an embedded server), a throw-away tenant, and raw pg pools for baselines.

export interface QueryBenchEnvironment {
  readonly sqh: Sqh;
  readonly query: PostgreSQLQueryService;
  readonly manager: TenantDatabaseManager;
  readonly tenantId: string;
  /** A raw pg pool (one connection) on a database of the server. */
  rawPool(database: string): pg.Pool;
  close(): Promise<void>;
}

export async function openQueryBench(models: readonly Model[]): Promise<QueryBenchEnvironment> {
  const server: PostgresServer = await resolvePostgres();
  const sqh = await createSqh({
    plugins: [pgBackend({ url: server.url }), pgQueryPlugin(), isonPlugin()],
    models,
  });
  const { manager } = sqh.get(PG_BACKEND);
  const tenantId = `qbench${randomBytes(4).toString('hex')}`;
  const pools: pg.Pool[] = [];
  return {
    sqh,
    query: sqh.get(PG_QUERY),
    manager,
    tenantId,
    rawPool(database) {
      const url = new URL(server.url);
      url.pathname = `/${database}`;
      const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
      pools.push(pool);
      return pool;
    },
    async close() {
      await Promise.all(pools.map((pool) => pool.end()));
      await manager.dropDatabase(tenantId);
      await sqh.close();
      await server.stop();
    },
  };
}

/** Seeds `total` rows in batches with a progress line. */
export async function seed(
  label: string,
  total: number,
  batch: number,
  write: (from: number, count: number) => Promise<unknown>,
): Promise<void> {
  for (let from = 0; from < total; from += batch) {
    await write(from, Math.min(batch, total - from));
    process.stdout.write(
      `\rseeding ${label}: ${Math.min(from + batch, total).toLocaleString('en')} / ${total.toLocaleString('en')}`,
    );
  }
  process.stdout.write('\n');
}
