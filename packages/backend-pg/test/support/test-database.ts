import { randomBytes } from 'node:crypto';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import pg from 'pg';
import { inject } from 'vitest';
import { TenantDatabaseManager } from '../../src/index.js';

/** The PostgreSQL of this test run (SQH_PG_URL or an embedded server), from the global setup. */
export function testPgUrl(): string {
  return inject('pgUrl');
}

/** A tenant id no other test run (or engineer) uses on the shared server. */
export function uniqueTenantId(label: string): string {
  return `bpg${randomBytes(4).toString('hex')}${label}`;
}

/** A table name unique to this run, for tables in the shared reference database. */
export function uniqueTableName(label: string): string {
  return `bpg_${randomBytes(4).toString('hex')}_${label}`;
}

export { tenantDatabaseName } from '@sqh/core/spi';

/**
 * A shared reference database of this test file's own (pass it as `sharedDatabase`):
 * a real sqh_shared_reference on the server belongs to someone else.
 */
export function uniqueSharedDatabase(label: string): string {
  return `sqh_shared_test_${randomBytes(4).toString('hex')}_${label}`;
}

/** Drops a database this test run created, closing any connection left to it. */
export async function dropDatabase(database: string): Promise<void> {
  await queryDatabase('postgres', `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
}

/** Runs one statement on a database of the test server, over a short-lived connection. */
export async function queryDatabase<R extends pg.QueryResultRow>(
  database: string,
  text: string,
  values: readonly unknown[] = [],
): Promise<pg.QueryResult<R>> {
  const url = new URL(testPgUrl());
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query<R>(text, [...values]);
  } finally {
    await client.end();
  }
}

/** Drops tenant databases after a test file, through the manager's own deprovisioning. */
export async function dropTenantDatabases(tenantIds: readonly string[]): Promise<void> {
  const manager = new TenantDatabaseManager({ url: testPgUrl() });
  try {
    for (const tenantId of tenantIds) await manager.dropDatabase(tenantId);
  } finally {
    await manager.close();
  }
}
