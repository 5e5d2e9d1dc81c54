import { randomBytes } from 'node:crypto';
import { PG_BACKEND, type PgBackendOptions, pgBackend, TenantDatabaseManager } from '@sqh/backend-pg';
import { createSqh, type Model, type Sqh, type SqhPlugin } from '@sqh/core';
import { tenantDatabaseName } from '@sqh/core/spi';
import { isonPlugin } from '@sqh/ison';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import pg from 'pg';
import { inject } from 'vitest';
import { PG_QUERY, type PostgreSQLQueryService, pgQueryPlugin } from '../../src/index.js';

/** The PostgreSQL of this test run (SQH_PG_URL or an embedded server), from the global setup. */
export function testPgUrl(): string {
  return inject('pgUrl');
}

/** A tenant id no other test run uses on the shared server. */
export function uniqueTenantId(label: string): string {
  return `qpg${randomBytes(4).toString('hex')}${label}`;
}

/**
 * The shared reference database of this test file: a real sqh_shared_reference on the
 * server belongs to someone else. Dropped by `dropTestSharedDatabase`.
 */
export const TEST_SHARED_DATABASE = `sqh_shared_test_${randomBytes(4).toString('hex')}_qpg`;

/** A table name unique to this run (for shared reference tables). */
export function uniqueTableName(label: string): string {
  return `qpg_${randomBytes(4).toString('hex')}_${label}`;
}

export interface QuerySqh {
  readonly sqh: Sqh;
  readonly query: PostgreSQLQueryService;
}

/** sqh with the PostgreSQL backend, the query plugin and ISON output, on the test server. */
export async function createQuerySqh(
  models: readonly Model[],
  options: Partial<PgBackendOptions> = {},
  extraPlugins: readonly SqhPlugin[] = [],
): Promise<QuerySqh> {
  const sqh = await createSqh({
    plugins: [
      pgBackend({ url: testPgUrl(), sharedDatabase: TEST_SHARED_DATABASE, ...options }),
      pgQueryPlugin(),
      isonPlugin(),
      ...extraPlugins,
    ],
    models,
  });
  return { sqh, query: sqh.get(PG_QUERY) };
}

export { PG_BACKEND };

/** Runs one hand-written statement on a database of the test server, over its own connection. */
export async function rawQuery<R extends pg.QueryResultRow = Record<string, unknown>>(
  database: string,
  text: string,
  values: readonly unknown[] = [],
): Promise<R[]> {
  const url = new URL(testPgUrl());
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<R>(text, [...values])).rows;
  } finally {
    await client.end();
  }
}

export function tenantDatabase(tenantId: string): string {
  return tenantDatabaseName(tenantId);
}

/** Drops this test file's shared reference database (and with it every shared table it made). */
export async function dropTestSharedDatabase(): Promise<void> {
  await rawQuery(
    'postgres',
    `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(TEST_SHARED_DATABASE)} WITH (FORCE)`,
  );
}

/** Drops the tenant databases a test file created. */
export async function dropTenantDatabases(tenantIds: readonly string[]): Promise<void> {
  const manager = new TenantDatabaseManager({ url: testPgUrl() });
  try {
    for (const tenantId of tenantIds) await manager.dropDatabase(tenantId);
  } finally {
    await manager.close();
  }
}
