import { type PostgresServer, startEmbeddedPostgres } from '@sqh/postgres-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantDatabaseManager } from '../src/tenant-database-manager.js';

// A server of its own: the shared test server's sqh_shared_reference belongs to other tests.
// The embedded PostgreSQL ships pg_trgm but not PostGIS.
let server: PostgresServer;
let manager: TenantDatabaseManager;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  manager = new TenantDatabaseManager({ url: server.url });
});

afterAll(async () => {
  await manager.close();
  await server.stop();
});

describe('TenantDatabaseManager.ensureSharedDatabaseExists', () => {
  it('creates sqh_shared_reference and installs the extensions the server offers', async () => {
    const status = await manager.ensureSharedDatabaseExists();

    expect(status.database).toBe('sqh_shared_reference');
    expect(status.extensions.pg_trgm).toBe(true);
  });

  it('names the extensions the server lacks instead of failing', async () => {
    const status = await manager.ensureSharedDatabaseExists();

    expect(status.extensions.postgis).toBe(false);
    expect(status.missing).toEqual(['postgis']);
  });

  it('gives concurrent callers the same answer', async () => {
    const fresh = new TenantDatabaseManager({ url: server.url });
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => fresh.ensureSharedDatabaseExists()));

      expect(new Set(answers).size).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('TenantDatabaseManager.getSharedEngine', () => {
  it('connects to sqh_shared_reference', async () => {
    const engine = await manager.getSharedEngine();

    const { rows } = await engine.query<{ name: string }>('SELECT current_database() AS name');

    expect(rows[0]?.name).toBe('sqh_shared_reference');
  });
});
