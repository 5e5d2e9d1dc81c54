import { createSqh, defineModel, type Sqh, StorageConfig, TenantNotProvisionedError } from '@sqh/core';
import { type PostgresServer, startEmbeddedPostgres } from '@sqh/postgres-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type PgBackendOptions, pgBackend, runInitializeCommand } from '../src/index.js';
import { adminQuery, databasesStartingWith, pgUrl, TestTenants } from './support/tenant-manager-fixtures.js';

const tenants = new TestTenants();
let second: PostgresServer;

const Reading = defineModel({
  group: 'lifecycle',
  name: 'Reading',
  schema: z.object({ station: z.string(), value: z.number() }),
  storage: StorageConfig.postgresql(),
});

const Event = defineModel({
  group: 'lifecycle',
  name: 'Event',
  schema: z.object({ kind: z.string(), at: z.date() }),
  storage: StorageConfig.postgresql({ partitionBy: 'at', partitionInterval: 'month' }),
});

const open: Sqh[] = [];

async function compose(options: Partial<PgBackendOptions> = {}, strict = false): Promise<Sqh> {
  const sqh = await createSqh({
    plugins: [pgBackend({ url: pgUrl(), placement: eastOnSecondServer, ...options })],
    models: [Reading, Event],
    tenants: { strict },
  });
  open.push(sqh);
  return sqh;
}

/** Tenants whose id ends in `-east` live on the second server. */
function eastOnSecondServer(tenantId: string): string {
  return tenantId.endsWith('-east') ? second.url : pgUrl();
}

function serverLabel(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '5432'}`;
}

async function databaseOn(url: string, database: string): Promise<boolean> {
  return (await databasesStartingWith(url, database)).includes(database);
}

beforeAll(async () => {
  second = await startEmbeddedPostgres();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((sqh) => sqh.close()));
});

afterAll(async () => {
  // Deprovisioning is what the tests check; this only catches what a failed test left behind.
  const leftovers = await databasesStartingWith(pgUrl(), tenants.databasePrefix);
  for (const name of leftovers) await adminQuery(pgUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await second?.stop();
});

describe('tenant lifecycle on PostgreSQL', () => {
  it('provisions the database with pg_trgm where offered, idempotently and under concurrent callers', async () => {
    const sqh = await compose();
    const tenant = tenants.id('acme');
    const database = `${tenants.databasePrefix}_0acme`;

    const results = await Promise.all([
      sqh.tenants.provision(tenant),
      sqh.tenants.provision(tenant),
      sqh.tenants.provision(tenant),
    ]);
    await sqh.tenants.provision(tenant);

    expect(results[0]).toEqual({ tenantId: tenant, provisioned: ['postgresql'], lazy: [] });
    expect(await databaseOn(pgUrl(), database)).toBe(true);
    const offered = await adminQuery<{ found: boolean }>(
      pgUrl(),
      "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS found",
    );
    const url = new URL(pgUrl());
    url.pathname = `/${database}`;
    const installed = await adminQuery<{ extname: string }>(
      url.toString(),
      'SELECT extname FROM pg_extension',
    );
    expect(installed.map((row) => row.extname).includes('pg_trgm')).toBe(offered[0]?.found);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('describes where the tenant lives, which tables exist and their rows, creating nothing', async () => {
    const sqh = await compose();
    const tenant = tenants.id('globex');

    const unknown = await sqh.tenants.describe(tenant);
    expect(unknown.provisioned).toBe(false);
    expect(await databasesStartingWith(pgUrl(), `${tenants.databasePrefix}_0globex`)).toEqual([]);

    await sqh.tenants.provision(tenant);
    const empty = await sqh.tenants.describe(tenant);
    expect(empty).toEqual({
      tenantId: tenant,
      provisioned: true,
      undescribed: [],
      backends: [
        {
          backend: 'postgresql',
          provisioned: true,
          server: serverLabel(pgUrl()),
          database: `${tenants.databasePrefix}_0globex`,
          models: [
            { model: 'lifecycle/Reading', stored: false },
            { model: 'lifecycle/Event', stored: false },
          ],
        },
      ],
    });

    await sqh.records.batchCreate(tenant, 'lifecycle', 'Reading', [
      { station: 'a', value: 1 },
      { station: 'b', value: 2 },
      { station: 'c', value: 3 },
    ]);
    await sqh.records.batchCreate(tenant, 'lifecycle', 'Event', [
      { kind: 'x', at: new Date('2026-01-15T00:00:00Z') },
      { kind: 'y', at: new Date('2026-03-15T00:00:00Z') },
    ]);
    const filled = await sqh.tenants.describe(tenant);
    expect(filled.backends[0]?.models).toEqual([
      { model: 'lifecycle/Reading', stored: true, rows: 3, rowsExact: true },
      { model: 'lifecycle/Event', stored: true, rows: 2, rowsExact: true },
    ]);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('deprovisions: closes the engine, drops the database, and a later lazy call starts fresh', async () => {
    const sqh = await compose();
    const tenant = tenants.id('initech');
    const database = `${tenants.databasePrefix}_0initech`;
    await sqh.records.create(tenant, 'lifecycle', 'Reading', { station: 'a', value: 1 });

    const result = await sqh.tenants.deprovision(tenant, { confirm: tenant });

    expect(result).toEqual({ tenantId: tenant, deprovisioned: ['postgresql'], untouched: [] });
    expect(await databaseOn(pgUrl(), database)).toBe(false);
    expect((await sqh.tenants.describe(tenant)).provisioned).toBe(false);
    // Lazy by default: the next call creates the database and table anew, empty.
    expect(await sqh.records.count(tenant, 'lifecycle', 'Reading')).toBe(0);
    expect(await databaseOn(pgUrl(), database)).toBe(true);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
    expect(await databaseOn(pgUrl(), database)).toBe(false);
  });

  it('provisions one tenant from two instances at once (as two processes would), both succeeding', async () => {
    const [one, two] = [await compose(), await compose()];
    const tenant = tenants.id('racing');

    const results = await Promise.all([one.tenants.provision(tenant), two.tenants.provision(tenant)]);

    expect(results.map((result) => result.provisioned)).toEqual([['postgresql'], ['postgresql']]);
    expect(await databaseOn(pgUrl(), `${tenants.databasePrefix}_0racing`)).toBe(true);
    await one.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('provisions again a database another process dropped', async () => {
    const sqh = await compose();
    const tenant = tenants.id('hooli');
    const database = `${tenants.databasePrefix}_0hooli`;
    await sqh.tenants.provision(tenant);
    await adminQuery(pgUrl(), `DROP DATABASE "${database}" WITH (FORCE)`);

    await sqh.tenants.provision(tenant);

    expect(await databaseOn(pgUrl(), database)).toBe(true);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('in strict mode refuses an unprovisioned tenant without creating its database', async () => {
    const sqh = await compose({}, true);
    const tenant = tenants.id('strict');
    const database = `${tenants.databasePrefix}_0strict`;

    await expect(sqh.records.count(tenant, 'lifecycle', 'Reading')).rejects.toBeInstanceOf(
      TenantNotProvisionedError,
    );
    expect(await databaseOn(pgUrl(), database)).toBe(false);

    await sqh.tenants.provision(tenant);
    expect(await sqh.records.count(tenant, 'lifecycle', 'Reading')).toBe(0);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
    await expect(sqh.records.count(tenant, 'lifecycle', 'Reading')).rejects.toBeInstanceOf(
      TenantNotProvisionedError,
    );
  });

  it('provisions, describes and deprovisions a tenant placed on a second server', async () => {
    const sqh = await compose();
    const tenant = tenants.id('acme-east');
    const database = `${tenants.databasePrefix}_0acme_0east`;

    await sqh.tenants.provision(tenant);
    expect(await databaseOn(second.url, database)).toBe(true);
    expect(await databaseOn(pgUrl(), database)).toBe(false);

    await sqh.records.create(tenant, 'lifecycle', 'Reading', { station: 'east', value: 7 });
    const described = await sqh.tenants.describe(tenant);
    expect(described.backends[0]).toMatchObject({
      server: serverLabel(second.url),
      database,
      provisioned: true,
      models: [
        { model: 'lifecycle/Reading', stored: true, rows: 1, rowsExact: true },
        { model: 'lifecycle/Event', stored: false },
      ],
    });

    await sqh.tenants.deprovision(tenant, { confirm: tenant });
    expect(await databaseOn(second.url, database)).toBe(false);
    expect((await sqh.tenants.describe(tenant)).provisioned).toBe(false);
  });
});

describe('platform initialization on PostgreSQL', () => {
  // The second server is the default here, so no sqh_shared_reference is created on the shared test server.
  it('creates the shared reference database with the extensions the server offers and names the rest', async () => {
    const sqh = await compose({ url: second.url, placement: () => second.url });
    const offered = await adminQuery<{ name: string }>(
      second.url,
      "SELECT name FROM pg_available_extensions WHERE name IN ('postgis', 'pg_trgm')",
    );
    const available = new Set(offered.map((row) => row.name));

    const report = await sqh.initialize();
    await sqh.initialize();

    const expected = { postgis: available.has('postgis'), pg_trgm: available.has('pg_trgm') };
    const missing = Object.entries(expected)
      .filter(([, present]) => !present)
      .map(([name]) => name);
    expect(report).toEqual({
      backends: [{ backend: 'postgresql', database: 'sqh_shared_reference', extensions: expected, missing }],
      missing: missing.map((name) => `postgresql: ${name}`),
    });
    const url = new URL(second.url);
    url.pathname = '/sqh_shared_reference';
    const installed = await adminQuery<{ extname: string }>(
      url.toString(),
      'SELECT extname FROM pg_extension',
    );
    expect(
      installed
        .map((row) => row.extname)
        .filter((name) => name in expected)
        .sort(),
    ).toEqual([...available].sort());
  });
});

describe('sqh-pg-initialize, the deploy step', () => {
  async function command(args: string[], env: Record<string, string> = {}) {
    const lines: string[] = [];
    const status = await runInitializeCommand(args, { env, write: (line) => lines.push(line) });
    return { status, output: lines.join('\n') };
  }

  it('initializes the server named by --url and prints each extension, with what a missing one costs', async () => {
    const offered = await adminQuery<{ name: string }>(
      second.url,
      "SELECT name FROM pg_available_extensions WHERE name IN ('postgis', 'pg_trgm')",
    );
    const available = new Set(offered.map((row) => row.name));

    const { status, output } = await command(['--url', second.url]);
    const strict = await command(['--require-all'], { SQH_PG_URL: second.url });

    expect(status).toBe(0);
    expect(output).toContain('sqh_shared_reference is ready');
    for (const name of ['postgis', 'pg_trgm']) {
      expect(output).toMatch(new RegExp(`${name}\\s+${available.has(name) ? 'installed' : 'MISSING: '}`));
    }
    expect(strict.status).toBe(available.size === 2 ? 0 : 2);
  });

  it('fails with status 1 and a message without credentials when the server cannot be reached', async () => {
    const { status, output } = await command(['--url', 'postgres://deployer:s3cret@127.0.0.1:1/postgres']);

    expect(status).toBe(1);
    expect(output).toMatch(/^sqh-pg-initialize failed: /);
    expect(output).not.toContain('s3cret');
  });

  it('explains its usage when no server is given', async () => {
    const { status, output } = await command([]);
    expect(status).toBe(1);
    expect(output).toContain('pass --url or set SQH_PG_URL');
  });
});
