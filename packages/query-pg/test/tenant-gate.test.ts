import { pgBackend } from '@sqh/backend-pg';
import { ConflictError, createSqh, type Sqh, TenantNotProvisionedError } from '@sqh/core';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PG_QUERY, type PostgreSQLQueryService, pgQueryPlugin } from '../src/index.js';
import { LabResult, labRows } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  dropTestSharedDatabase,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  testPgUrl,
  uniqueTenantId,
} from './support/query-sqh.js';

const ROWS = 60;
const tenants: string[] = [];
const AGGREGATE = { groupBy: ['test_type'], metrics: { n: 'COUNT(*)' } };

/** One call of every query-pg entry point that names a tenant (listShared names none). */
function everyTenantCall(query: PostgreSQLQueryService, tenant: string): [string, () => Promise<unknown>][] {
  const drain = async (rows: AsyncIterable<unknown>) => {
    for await (const _row of rows);
  };
  return [
    ['aggregate', () => query.aggregate(tenant, 'lab', 'AppLabResult', AGGREGATE)],
    ['explainAggregate', () => query.explainAggregate(tenant, 'lab', 'AppLabResult', AGGREGATE)],
    [
      'windowFunctions',
      () =>
        query.windowFunctions(tenant, 'lab', 'AppLabResult', {
          orderBy: ['value'],
          select: ['id'],
          windows: { n: { fn: 'row_number' } },
        }),
    ],
    [
      'joinQuery',
      () => query.joinQuery(tenant, { from: 'lab/AppLabResult', join: [], select: ['AppLabResult.id'] }),
    ],
    ['rawSql', () => query.rawSql(tenant, 'SELECT id FROM app_lab_result', [])],
    [
      'joinShared',
      () =>
        query.joinShared(tenant, {
          tenantModel: 'lab/AppLabResult',
          sharedModel: 'lab/AppLabResult',
          joinOn: ['station_code', 'station_code'],
          select: ['id'],
        }),
    ],
    ['stream', () => drain(query.stream(tenant, 'lab', 'AppLabResult'))],
    ['streamText', () => drain(query.streamText(tenant, 'lab', 'AppLabResult'))],
  ];
}

/** Whether the tenant's PostgreSQL database exists, asked of the server. */
async function databaseExists(tenant: string): Promise<boolean> {
  const rows = await rawQuery('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [
    tenantDatabase(tenant),
  ]);
  return rows.length === 1;
}

/**
 * Holds the tenant's lab table with an ACCESS EXCLUSIVE lock from a connection of its own, so a
 * query that reads it waits inside PostgreSQL until `release()`.
 */
async function lockTable(tenant: string) {
  const url = new URL(testPgUrl());
  url.pathname = `/${tenantDatabase(tenant)}`;
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => {}); // deprovisioning may end this connection (DROP … WITH (FORCE))
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE app_lab_result IN ACCESS EXCLUSIVE MODE');
  return {
    /** Resolves once another session of the tenant's database waits for the lock. */
    async waitedOn() {
      for (let attempt = 0; attempt < 500; attempt++) {
        const waiting = await rawQuery(
          'postgres',
          "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
          [tenantDatabase(tenant)],
        );
        if (waiting.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('No query ever waited for the lock');
    },
    async release() {
      await client.query('COMMIT');
      await client.end().catch(() => undefined);
    },
  };
}

describe('query-pg calls go through the tenant gate', () => {
  let world: QuerySqh;
  let tenant: string;

  beforeEach(async () => {
    tenant = uniqueTenantId('gate');
    tenants.push(tenant);
    world = await createQuerySqh([LabResult]);
    await world.sqh.records.batchCreate(tenant, 'lab', 'AppLabResult', labRows(ROWS), { returning: false });
  });

  afterEach(async () => {
    await world?.sqh.close();
  });

  afterAll(async () => {
    await dropTenantDatabases(tenants);
    await dropTestSharedDatabase();
  });

  it('refuses to deprovision during a held aggregate (CONFLICT), and the aggregate completes', async () => {
    const lock = await lockTable(tenant);
    const aggregate = world.query.aggregate(tenant, 'lab', 'AppLabResult', AGGREGATE);
    await lock.waitedOn();

    await expect(world.sqh.tenants.deprovision(tenant, { confirm: tenant })).rejects.toThrow(ConflictError);

    await lock.release();
    const rows = (await aggregate) as { test_type: string; n: number }[];
    expect(rows.reduce((sum, row) => sum + Number(row.n), 0)).toBe(ROWS);
    expect(await databaseExists(tenant)).toBe(true);
  });

  it("with whenBusy 'wait', waits for a held aggregate, refusing every new query call meanwhile", async () => {
    const lock = await lockTable(tenant);
    const aggregate = world.query.aggregate(tenant, 'lab', 'AppLabResult', AGGREGATE);
    await lock.waitedOn();
    let dropped = false;
    const deprovisioning = world.sqh.tenants
      .deprovision(tenant, { confirm: tenant, whenBusy: 'wait' })
      .then((result) => {
        dropped = true;
        return result;
      });

    for (const [name, call] of everyTenantCall(world.query, tenant)) {
      await expect(call(), name).rejects.toThrow(ConflictError);
    }
    expect(dropped).toBe(false);
    expect(await databaseExists(tenant)).toBe(true);

    await lock.release();
    const rows = (await aggregate) as { n: number }[];
    expect(rows.reduce((sum, row) => sum + Number(row.n), 0)).toBe(ROWS);
    await expect(deprovisioning).resolves.toMatchObject({ deprovisioned: ['postgresql'] });
    expect(await databaseExists(tenant)).toBe(false);
  });

  it('holds the tenant while a stream is open: deprovision is refused, then waits until the consumer stops', async () => {
    let seen = 0;
    let deprovisioning: Promise<unknown> | undefined;
    let dropped = false;
    for await (const _row of world.query.stream(tenant, 'lab', 'AppLabResult', { batchSize: 10 })) {
      seen++;
      if (seen === 1) {
        await expect(world.sqh.tenants.deprovision(tenant, { confirm: tenant })).rejects.toThrow(
          ConflictError,
        );
        deprovisioning = world.sqh.tenants
          .deprovision(tenant, { confirm: tenant, whenBusy: 'wait' })
          .then(() => {
            dropped = true;
          });
        await expect(world.query.aggregate(tenant, 'lab', 'AppLabResult', AGGREGATE)).rejects.toThrow(
          ConflictError,
        );
      }
      if (seen === 25) break;
    }
    // Rows kept coming from the open stream while deprovisioning waited for it.
    expect(seen).toBe(25);
    await deprovisioning;
    expect(dropped).toBe(true);
    expect(await databaseExists(tenant)).toBe(false);
  });
});

describe('a strict sqh refuses query-pg calls for an unprovisioned tenant', () => {
  let sqh: Sqh;

  afterEach(async () => {
    await sqh?.close();
  });

  it('with TenantNotProvisionedError on every entry point, creating no database; serves once provisioned', async () => {
    sqh = await createSqh({
      plugins: [pgBackend({ url: testPgUrl() }), pgQueryPlugin()],
      models: [LabResult],
      tenants: { strict: true },
    });
    const query = sqh.get(PG_QUERY);
    const tenant = uniqueTenantId('strict');
    tenants.push(tenant);

    for (const [name, call] of everyTenantCall(query, tenant)) {
      await expect(call(), name).rejects.toThrow(TenantNotProvisionedError);
    }
    expect(await databaseExists(tenant)).toBe(false);

    await sqh.tenants.provision(tenant);
    await expect(query.aggregate(tenant, 'lab', 'AppLabResult', AGGREGATE)).resolves.toEqual([]);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
    await expect(query.aggregate(tenant, 'lab', 'AppLabResult', AGGREGATE)).rejects.toThrow(
      TenantNotProvisionedError,
    );
    expect(await databaseExists(tenant)).toBe(false);
  });
});
