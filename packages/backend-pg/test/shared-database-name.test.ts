import { ValidationError } from '@sqh/core';
import { afterAll, describe, expect, it } from 'vitest';
import { TenantDatabaseManager } from '../src/index.js';
import { dropDatabase, queryDatabase, testPgUrl, uniqueSharedDatabase } from './support/test-database.js';

describe('the shared reference database name', () => {
  const name = uniqueSharedDatabase('named');
  const manager = new TenantDatabaseManager({ url: testPgUrl(), sharedDatabase: name });

  afterAll(async () => {
    await manager.close();
    await dropDatabase(name);
  });

  it('is sqh_shared_reference unless configured', async () => {
    const plain = new TenantDatabaseManager({ url: testPgUrl() });
    try {
      expect(plain.sharedDatabaseName).toBe('sqh_shared_reference');
    } finally {
      await plain.close();
    }
  });

  it('creates and serves the configured database', async () => {
    const status = await manager.ensureSharedDatabaseExists();
    expect(status.database).toBe(name);
    const engine = await manager.getSharedEngine();
    const { rows } = await engine.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows).toStrictEqual([{ name }]);
    const found = await queryDatabase('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    expect(found.rowCount).toBe(1);
  });

  it.each([
    ['upper-case letters', 'Shared_Reference'],
    ['a leading digit', '1shared'],
    ['a tenant database name', 'sqh_tenant_acme'],
    ['more than 63 characters', `s${'x'.repeat(63)}`],
    ['SQL', 'x; DROP DATABASE postgres'],
  ])('refuses a name with %s', (_what, bad) => {
    expect(() => new TenantDatabaseManager({ url: testPgUrl(), sharedDatabase: bad })).toThrow(
      ValidationError,
    );
  });
});
