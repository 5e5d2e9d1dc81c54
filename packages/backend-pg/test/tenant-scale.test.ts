import { BackendUnavailableError, defineModel, StorageConfig } from '@sqh/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createPgSqh, type PgSqh } from './support/pg-sqh.js';
import {
  adminQuery,
  dropDatabasesStartingWith,
  ManagerPool,
  pgUrl,
  TestTenants,
} from './support/tenant-manager-fixtures.js';

const tenants = new TestTenants();
const managers = new ManagerPool();

afterEach(() => managers.closeAll());
afterAll(() => dropDatabasesStartingWith(pgUrl(), tenants.databasePrefix));

const Counter = defineModel({
  group: 'scale',
  name: 'Counter',
  storage: StorageConfig.postgresql(),
  schema: z.object({ name: z.string(), count: z.number().int() }),
});

async function serverConnections(database: string): Promise<number> {
  const [row] = await adminQuery<{ count: number }>(
    pgUrl(),
    'SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1',
    [database],
  );
  return row?.count ?? 0;
}

describe('one connection lease per record call (PostgreSQL)', () => {
  let pg: PgSqh | undefined;
  afterEach(async () => {
    await pg?.sqh.close();
    pg = undefined;
  });

  it('runs every statement of a call on one leased connection', async () => {
    pg = await createPgSqh([Counter]);
    const tenant = tenants.id('lease');
    const counters = pg.sqh.records.of(Counter);
    const created = await counters.create(tenant, { name: 'a', count: 1 });
    const leases = () => pg!.manager.connectionBudgetStatus().leases;

    let before = leases();
    expect(await counters.get(tenant, created.id)).toMatchObject({ count: 1 });
    expect(leases() - before).toBe(1);

    // A conditional update that does not match runs two statements (the update, then a
    // read telling "changed since" from "missing"): still one lease.
    before = leases();
    await expect(counters.update(tenant, created.id, { count: 3 }, { if: { count: 2 } })).rejects.toThrow();
    expect(leases() - before).toBe(1);
  });

  it('gives the connection back when the call ends, also when it failed', async () => {
    pg = await createPgSqh([Counter], { connectionBudget: 1 });
    const tenant = tenants.id('lease-back');
    const counters = pg.sqh.records.of(Counter);
    const created = await counters.create(tenant, { name: 'a', count: 1 });
    await expect(counters.update(tenant, created.id, { count: 3 }, { if: { count: 2 } })).rejects.toThrow();
    // With a budget of 1, a connection kept by the failed call would make this wait forever.
    expect(await counters.get(tenant, created.id)).toMatchObject({ count: 1 });
    expect(pg.manager.connectionBudgetStatus()).toMatchObject({ waiting: 0, leaseTimeouts: 0 });
  });
});

describe('bounded engine cache (LRU)', () => {
  it('keeps at most maxCachedEngines engines and closes the idle connections of the evicted', async () => {
    const manager = managers.create({ maxCachedEngines: 2, connectionBudget: 10 });
    const ids = ['lru-1', 'lru-2', 'lru-3', 'lru-4'].map((name) => tenants.id(name));
    const first = await manager.getEngine(ids[0]!);
    await first.query('SELECT 1');
    for (const id of ids.slice(1)) await (await manager.getEngine(id)).query('SELECT 1');

    expect(manager.connectionBudgetStatus().cachedEngines).toBe(2);
    await vi.waitFor(async () => expect(await serverConnections(first.database)).toBe(0));
    // Found again: a new engine for the same database, which still works.
    const again = await manager.getEngine(ids[0]!);
    expect(again).not.toBe(first);
    expect((await again.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(manager.connectionBudgetStatus().cachedEngines).toBe(2);
  });

  it('never evicts an engine in use', async () => {
    const manager = managers.create({ maxCachedEngines: 2, connectionBudget: 10 });
    const busyId = tenants.id('lru-busy');
    const busy = await manager.getEngine(busyId);
    const answer = await busy.withClient(async (client) => {
      for (const name of ['lru-x', 'lru-y', 'lru-z']) {
        await (await manager.getEngine(tenants.id(name))).query('SELECT 1');
      }
      // Still cached, and its connection still serves the holder.
      expect(await manager.getEngine(busyId)).toBe(busy);
      return (await client.query<{ answer: number }>('SELECT 42 AS answer')).rows[0]?.answer;
    });
    expect(answer).toBe(42);
    expect(manager.connectionBudgetStatus().cachedEngines).toBeLessThanOrEqual(3);
  });
});

describe('a lease that waits past leaseTimeoutMillis', () => {
  it('fails with an error naming the connection budget, and is counted', async () => {
    const manager = managers.create({ connectionBudget: 1, leaseTimeoutMillis: 200 });
    const holder = await manager.getEngine(tenants.id('budget-holder'));
    const waiter = await manager.getEngine(tenants.id('budget-waiter'));

    const failure = await holder.withClient(() =>
      waiter.query('SELECT 1').then(
        () => undefined,
        (error) => error,
      ),
    );

    expect(failure).toBeInstanceOf(BackendUnavailableError);
    expect((failure as Error).message).toMatch(/connection budget is the bottleneck.*all 1 connections/);
    expect(manager.connectionBudgetStatus()).toMatchObject({
      leaseTimeouts: 1,
      leaseTimeoutsWithBudgetFull: 1,
    });
    // The budget serves it once the holder is done.
    expect((await waiter.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
