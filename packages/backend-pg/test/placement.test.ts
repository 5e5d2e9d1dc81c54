import { type PostgresServer, startEmbeddedPostgres } from '@sqh/postgres-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  databasesStartingWith,
  dropDatabasesStartingWith,
  ManagerPool,
  pgUrl,
  TestTenants,
} from './support/tenant-manager-fixtures.js';

const tenants = new TestTenants();
const managers = new ManagerPool();
let second: PostgresServer;

beforeAll(async () => {
  second = await startEmbeddedPostgres();
});

afterEach(() => managers.closeAll());

afterAll(async () => {
  await dropDatabasesStartingWith(pgUrl(), tenants.databasePrefix);
  await second.stop();
});

/** Tenants whose id ends in `-east` live on the second server. */
function eastOnSecondServer(tenantId: string): string {
  return tenantId.endsWith('-east') ? second.url : pgUrl();
}

describe('tenant placement', () => {
  it('creates a tenant database on the server its placement names, not on the default one', async () => {
    const manager = managers.create({ placement: eastOnSecondServer });
    const tenant = tenants.id('acme-east');

    await manager.ensureDatabaseExists(tenant);

    expect(await databasesStartingWith(second.url, manager.databaseName(tenant))).toHaveLength(1);
    expect(await databasesStartingWith(pgUrl(), manager.databaseName(tenant))).toHaveLength(0);
  });

  it('keeps the other tenants on the default server', async () => {
    const manager = managers.create({ placement: eastOnSecondServer });
    const tenant = tenants.id('acme-west');

    await manager.ensureDatabaseExists(tenant);

    expect(await databasesStartingWith(pgUrl(), manager.databaseName(tenant))).toHaveLength(1);
    expect(await databasesStartingWith(second.url, manager.databaseName(tenant))).toHaveLength(0);
  });

  it("connects a tenant's engine to its own server", async () => {
    const manager = managers.create({ placement: eastOnSecondServer });

    const engine = await manager.getEngine(tenants.id('globex-east'));
    const { rows } = await engine.query<{ port: number }>(`SELECT current_setting('port')::int AS port`);

    expect(rows[0]?.port).toBe(Number(new URL(second.url).port));
  });

  it('keeps the shared reference database on the default server', async () => {
    // The second server is the default here, so the shared database is not created on the shared test server.
    const manager = managers.create({ url: second.url, placement: () => pgUrl() });

    const shared = await manager.getSharedEngine();
    const { rows } = await shared.query<{ port: number }>(`SELECT current_setting('port')::int AS port`);

    expect(rows[0]?.port).toBe(Number(new URL(second.url).port));
  });

  it('reports a placement that returns something other than a postgres URL as a configuration error', async () => {
    const manager = managers.create({ placement: () => 'http://example.invalid/' });

    await expect(manager.getEngine(tenants.id('misplaced'))).rejects.toMatchObject({ code: 'CONFIGURATION' });
  });
});
