import { isSqhError } from '@sqh/core';
import { tenantSlug } from '@sqh/core/spi';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  adminQuery,
  databasesStartingWith,
  dropDatabasesStartingWith,
  ManagerPool,
  pgUrl,
  TestTenants,
} from './support/tenant-manager-fixtures.js';

const tenants = new TestTenants();
const managers = new ManagerPool();

afterEach(() => managers.closeAll());
afterAll(() => dropDatabasesStartingWith(pgUrl(), tenants.databasePrefix));

async function currentDatabase(engine: {
  query: (text: string) => Promise<{ rows: unknown[] }>;
}): Promise<unknown> {
  const { rows } = await engine.query('SELECT current_database() AS name');
  return (rows[0] as { name: string }).name;
}

describe('TenantDatabaseManager.databaseName', () => {
  it('names a tenant database sqh_tenant_ followed by the tenant slug', () => {
    const manager = managers.create();

    expect(manager.databaseName('acme')).toBe(`sqh_tenant_${tenantSlug('acme')}`);
  });

  it('gives tenant-1 and tenant_1 different databases', () => {
    const manager = managers.create();

    expect(manager.databaseName('tenant-1')).not.toBe(manager.databaseName('tenant_1'));
  });

  it.each([
    ['an empty id', ''],
    ['an id with spaces', 'acme corp'],
    ['an id with a quote', `acme"; DROP DATABASE postgres; --`],
    ['an id longer than a database name allows', 'a'.repeat(60)],
  ])('refuses %s with a ValidationError', (_, tenantId) => {
    const manager = managers.create();

    expect(() => manager.databaseName(tenantId)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('TenantDatabaseManager.getEngine', () => {
  it('creates the tenant database on first use and connects to it', async () => {
    const manager = managers.create();
    const tenant = tenants.id('first-use');

    const engine = await manager.getEngine(tenant);

    expect(engine.database).toBe(manager.databaseName(tenant));
    expect(await currentDatabase(engine)).toBe(manager.databaseName(tenant));
  });

  it('keeps tenant-1 and tenant_1 in separate databases', async () => {
    const manager = managers.create();

    const dash = await manager.getEngine(tenants.id('tenant-1'));
    const underscore = await manager.getEngine(tenants.id('tenant_1'));

    expect(await currentDatabase(dash)).not.toBe(await currentDatabase(underscore));
  });

  it('returns the same engine for the same tenant', async () => {
    const manager = managers.create();
    const tenant = tenants.id('cached');

    const first = await manager.getEngine(tenant);
    const second = await manager.getEngine(tenant);

    expect(second).toBe(first);
  });

  it('rejects an invalid tenant id without touching the server', async () => {
    const manager = managers.create();

    await expect(manager.getEngine('')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(manager.openConnections()).toBe(0);
  });

  it('serves 50 callers racing on a new tenant with one database and one engine', async () => {
    const manager = managers.create();
    const tenant = tenants.id('race-one-manager');

    const engines = await Promise.all(Array.from({ length: 50 }, () => manager.getEngine(tenant)));

    expect(new Set(engines).size).toBe(1);
    expect(await databasesStartingWith(pgUrl(), manager.databaseName(tenant))).toEqual([
      manager.databaseName(tenant),
    ]);
  });
});

describe('a tenant database dropped behind the manager', () => {
  it('makes its engine fail with NOT_FOUND', async () => {
    const manager = managers.create();
    const tenant = tenants.id('dropped-engine');
    const engine = await manager.getEngine(tenant);
    await engine.query('SELECT 1');

    await adminQuery(pgUrl(), `DROP DATABASE ${engine.database} WITH (FORCE)`);

    await expect(engine.query('SELECT 1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is created again by the next getEngine', async () => {
    const manager = managers.create();
    const tenant = tenants.id('dropped-recreated');
    const engine = await manager.getEngine(tenant);
    await adminQuery(pgUrl(), `DROP DATABASE ${engine.database} WITH (FORCE)`);
    await engine.query('SELECT 1').catch(() => undefined);

    const again = await manager.getEngine(tenant);

    await expect(again.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});

describe('TenantDatabaseManager.dropDatabase', () => {
  it('drops the tenant database and closes its engine', async () => {
    const manager = managers.create();
    const tenant = tenants.id('deprovisioned');
    const engine = await manager.getEngine(tenant);
    await engine.query('CREATE TABLE kept (n int)');

    await manager.dropDatabase(tenant);

    expect(await databasesStartingWith(pgUrl(), manager.databaseName(tenant))).toEqual([]);
    await expect(engine.query('SELECT 1')).rejects.toThrow();
  });

  it('gives a fresh engine and an empty database to the next getEngine', async () => {
    const manager = managers.create();
    const tenant = tenants.id('reprovisioned');
    const first = await manager.getEngine(tenant);
    await first.query('CREATE TABLE kept (n int)');
    await manager.dropDatabase(tenant);

    const again = await manager.getEngine(tenant);

    expect(again).not.toBe(first);
    const { rows } = await again.query("SELECT to_regclass('kept') AS found");
    expect(rows).toEqual([{ found: null }]);
  });

  it('is a no-op for a tenant that has no database', async () => {
    const manager = managers.create();
    const tenant = tenants.id('never-created');

    await expect(manager.dropDatabase(tenant)).resolves.toBeUndefined();
  });
});

describe('TenantDatabaseManager.ensureDatabaseExists', () => {
  it('is idempotent', async () => {
    const manager = managers.create();
    const tenant = tenants.id('idempotent');

    await manager.ensureDatabaseExists(tenant);
    await manager.ensureDatabaseExists(tenant);
    await managers.create().ensureDatabaseExists(tenant);

    expect(await databasesStartingWith(pgUrl(), manager.databaseName(tenant))).toHaveLength(1);
  });

  it('lets 50 callers in 10 separate managers race on a new tenant without an error', async () => {
    // Separate managers share no in-process state, so the race reaches the server's CREATE DATABASE.
    const racing = Array.from({ length: 10 }, () => managers.create());
    const tenant = tenants.id('race-many-managers');

    const results = await Promise.allSettled(
      racing.flatMap((manager) => Array.from({ length: 5 }, () => manager.ensureDatabaseExists(tenant))),
    );

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await databasesStartingWith(pgUrl(), racing[0]!.databaseName(tenant))).toHaveLength(1);
  });

  it('creates a UTF-8 database', async () => {
    const manager = managers.create();
    const tenant = tenants.id('encoding');

    await manager.ensureDatabaseExists(tenant);

    const [row] = await adminQuery<{ encoding: string }>(
      pgUrl(),
      'SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = $1',
      [manager.databaseName(tenant)],
    );
    expect(row?.encoding).toBe('UTF8');
  });

  it('creates databases where lower() and ILIKE fold non-ASCII letters', async () => {
    const manager = managers.create();
    const engine = await manager.getEngine(tenants.id('case-folding'));

    const { rows } = await engine.query<{ lowered: string; matches: boolean }>(
      `SELECT lower('ÉCOLE') AS lowered, 'ÉCOLE' ILIKE 'éc%' AS matches`,
    );

    expect(rows[0]).toEqual({ lowered: 'école', matches: true });
  });

  it('creates databases that sort text by code point', async () => {
    const manager = managers.create();
    const engine = await manager.getEngine(tenants.id('ordering'));

    const { rows } = await engine.query<{ word: string }>(
      `SELECT word FROM unnest(ARRAY['b', 'É', 'a', 'Z']) AS word ORDER BY word`,
    );

    expect(rows.map((row) => row.word)).toEqual(['Z', 'a', 'b', 'É']);
  });
});

describe('TenantDatabaseManager.ensureExtension', () => {
  it('installs an extension the server offers', async () => {
    const manager = managers.create();
    const tenant = tenants.id('trigram');

    const installed = await manager.ensureExtension(tenant, 'pg_trgm');

    const engine = await manager.getEngine(tenant);
    const { rows } = await engine.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`);
    expect(installed).toBe(true);
    expect(rows).toHaveLength(1);
  });

  it('answers false, without throwing, for an extension the server does not offer', async () => {
    const manager = managers.create();

    await expect(
      manager.ensureExtension(tenants.id('no-such-extension'), 'sqh_no_such_extension'),
    ).resolves.toBe(false);
  });

  it('lets callers in separate managers race on installing an extension', async () => {
    const tenant = tenants.id('trigram-race');
    await managers.create().ensureDatabaseExists(tenant);
    const racing = Array.from({ length: 10 }, () => managers.create());

    const results = await Promise.allSettled(
      racing.flatMap((manager) =>
        Array.from({ length: 5 }, () => manager.ensureExtension(tenant, 'pg_trgm')),
      ),
    );

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(
      new Set(results.map((result) => (result.status === 'fulfilled' ? result.value : undefined))),
    ).toEqual(new Set([true]));
  });

  it.each([['pg_trgm; DROP TABLE x'], ['PG_TRGM'], [''], ['"pg_trgm"'], ['x'.repeat(64)]])(
    'refuses the extension name %j with a ValidationError',
    async (name) => {
      const manager = managers.create();

      const error: unknown = await manager
        .ensureExtension(tenants.id('bad-extension'), name)
        .catch((e: unknown) => e);

      expect(isSqhError(error) && error.code).toBe('VALIDATION');
    },
  );
});

describe('TenantEngine', () => {
  it('commits a transaction whose work succeeds', async () => {
    const manager = managers.create();
    const engine = await manager.getEngine(tenants.id('commit'));
    await engine.query('CREATE TABLE note (body text)');

    await engine.transaction((client) => client.query(`INSERT INTO note VALUES ('kept')`));

    expect((await engine.query('SELECT body FROM note')).rows).toEqual([{ body: 'kept' }]);
  });

  it('rolls a transaction back when its work throws', async () => {
    const manager = managers.create();
    const engine = await manager.getEngine(tenants.id('rollback'));
    await engine.query('CREATE TABLE note (body text)');

    const outcome = engine.transaction(async (client) => {
      await client.query(`INSERT INTO note VALUES ('discarded')`);
      throw new Error('changed my mind');
    });

    await expect(outcome).rejects.toThrow('changed my mind');
    expect((await engine.query('SELECT body FROM note')).rows).toEqual([]);
  });

  it('passes a failing statement through with its SQLSTATE, for the caller to map', async () => {
    const manager = managers.create();
    const engine = await manager.getEngine(tenants.id('statement-error'));

    await expect(engine.query('SELECT 1 / 0')).rejects.toMatchObject({ code: '22012' });
  });

  it('reuses a connection that was released cleanly', async () => {
    const manager = managers.create({ maxConnectionsPerDatabase: 1 });
    const engine = await manager.getEngine(tenants.id('reuse'));

    const first = await engine.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const second = await engine.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');

    expect(second.rows[0]?.pid).toBe(first.rows[0]?.pid);
  });

  it('closes, rather than reuses, a connection released inside an open transaction', async () => {
    const manager = managers.create({ maxConnectionsPerDatabase: 1 });
    const engine = await manager.getEngine(tenants.id('dirty-release'));

    const first = await engine.withClient(async (client) => {
      await client.query('BEGIN');
      return client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    });
    const second = await engine.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');

    expect(second.rows[0]?.pid).not.toBe(first.rows[0]?.pid);
  });
});

describe('TenantDatabaseManager.close', () => {
  it('closes every connection', async () => {
    const manager = managers.create();
    await (await manager.getEngine(tenants.id('close'))).query('SELECT 1');

    await manager.close();

    expect(manager.openConnections()).toBe(0);
  });

  it('refuses new work afterwards', async () => {
    const manager = managers.create();
    const tenant = tenants.id('closed');
    const engine = await manager.getEngine(tenant);
    await manager.close();

    await expect(engine.query('SELECT 1')).rejects.toThrow(/closed/);
    await expect(manager.getEngine(tenant)).rejects.toThrow(/closed/);
  });
});
