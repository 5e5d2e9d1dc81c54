import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
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

/** Connections the server sees on `database` right now. */
async function serverConnections(database: string): Promise<number> {
  const [row] = await adminQuery<{ count: number }>(
    pgUrl(),
    'SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1',
    [database],
  );
  return row?.count ?? 0;
}

describe('the global connection budget, when exhausted', () => {
  it('closes the idle connection of the least recently used tenant', async () => {
    const manager = managers.create({ connectionBudget: 2, maxConnectionsPerDatabase: 1 });
    const [a, b, c] = await Promise.all(
      ['lru-a', 'lru-b', 'lru-c'].map((name) => manager.getEngine(tenants.id(name))),
    );

    await a!.query('SELECT 1');
    await b!.query('SELECT 1');
    await c!.query('SELECT 1');

    expect(await serverConnections(a!.database)).toBe(0);
    expect(await serverConnections(b!.database)).toBe(1);
    expect(await serverConnections(c!.database)).toBe(1);
    expect(manager.peakConnections()).toBeLessThanOrEqual(2);
  });

  it('makes a caller wait, rather than fail, while every connection is in use', async () => {
    const manager = managers.create({ connectionBudget: 1 });
    const busy = await manager.getEngine(tenants.id('wait-busy'));
    const patient = await manager.getEngine(tenants.id('wait-patient'));

    // Wrapped, so that withClient does not wait for the answer while holding the only connection.
    const { answer } = await busy.withClient(async () => {
      const pending = patient.query<{ answer: number }>('SELECT 42 AS answer');
      await vi.waitFor(() => expect(manager.waitingForConnections()).toBe(1));
      expect(manager.openConnections()).toBe(1);
      return { answer: pending };
    });

    expect((await answer).rows).toEqual([{ answer: 42 }]);
    expect(manager.peakConnections()).toBe(1);
  });

  it('serves a quiet tenant while a busy tenant keeps asking for every connection', async () => {
    const manager = managers.create({ connectionBudget: 2, maxConnectionsPerDatabase: 2 });
    const busy = await manager.getEngine(tenants.id('fair-busy'));
    const quiet = await manager.getEngine(tenants.id('fair-quiet'));
    const busyQueries = 4 * 10;
    let busyDone = 0;
    const busyCaller = async (): Promise<void> => {
      for (let i = 0; i < busyQueries / 4; i++) {
        await busy.query('SELECT 1');
        busyDone++;
      }
    };

    const callers = Array.from({ length: 4 }, busyCaller);
    await quiet.query('SELECT 1');
    const busyDoneWhenQuietWasServed = busyDone;
    await Promise.all(callers);

    expect(busyDoneWhenQuietWasServed).toBeLessThan(busyQueries / 2);
  });

  it("lets a caller make up to four more calls on its connection before another tenant's waiting caller gets it", async () => {
    const manager = managers.create({ connectionBudget: 1 });
    const running = await manager.getEngine(tenants.id('affinity-running'));
    const waiting = await manager.getEngine(tenants.id('affinity-waiting'));
    await running.query('SELECT 1');
    const order: string[] = [];
    const backendPid = async (step: number): Promise<number> => {
      const { rows } = await running.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      order.push(`call ${step}`);
      return rows[0]!.pid;
    };

    const pids = (async () => {
      const seen: number[] = [];
      for (let step = 1; step <= 6; step++) seen.push(await backendPid(step));
      return seen;
    })();
    const waited = waiting.query('SELECT 1').then(() => order.push('other tenant'));
    const [first, ...rest] = await pids;
    await waited;

    // The first call, then four more (a request's get, list, update...), then the waiter.
    expect(order).toEqual(['call 1', 'call 2', 'call 3', 'call 4', 'call 5', 'other tenant', 'call 6']);
    expect(rest.slice(0, 4)).toEqual([first, first, first, first]);
    expect(rest[4]).not.toBe(first);
  });

  it('closes connections that stay idle longer than idleTimeoutMillis', async () => {
    const manager = managers.create({ idleTimeoutMillis: 20 });
    const engine = await manager.getEngine(tenants.id('idle-timeout'));
    await engine.query('SELECT 1');

    await vi.waitFor(() => expect(manager.openConnections()).toBe(0));

    expect(await serverConnections(engine.database)).toBe(0);
  });
});
