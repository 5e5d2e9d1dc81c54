import { createSqh, type Sqh, TenantNotProvisionedError } from '@sqh/core';
import { tenantDatabaseName } from '@sqh/core/spi';
import { afterEach, describe, expect, it } from 'vitest';
import { TERMINUS_BACKEND, terminusBackend } from '../src/index.js';
import { crmModels } from './support/crm-models.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);
const open: Sqh[] = [];

const account = (name: string) => ({ name, revenue: null, tags: [], active: true });

async function compose(strict = false): Promise<Sqh> {
  const sqh = await createSqh({
    plugins: [terminusBackend(server().options)],
    models: crmModels,
    tenants: { strict },
  });
  open.push(sqh);
  return sqh;
}

async function databaseExists(sqh: Sqh, tenantId: string): Promise<boolean> {
  const terminus = sqh.get(TERMINUS_BACKEND);
  return terminus.client.databaseExists(terminus.databaseFor(tenantId));
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((sqh) => sqh.close()));
});

describe('tenant lifecycle on TerminusDB', () => {
  it('provisions the database (no classes yet), idempotently and under concurrent callers', async () => {
    const sqh = await compose();
    const tenant = `lc-${run}-acme`;

    await Promise.all([sqh.tenants.provision(tenant), sqh.tenants.provision(tenant)]);
    const again = await sqh.tenants.provision(tenant);

    expect(again).toEqual({ tenantId: tenant, provisioned: ['terminusdb'], lazy: [] });
    expect(await databaseExists(sqh, tenant)).toBe(true);
    const described = await sqh.tenants.describe(tenant);
    expect(described.provisioned).toBe(true);
    expect(described.backends[0]?.models.every((model) => !model.stored)).toBe(true);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('provisions one tenant from two instances at once (as two processes would), both succeeding', async () => {
    const [one, two] = [await compose(), await compose()];
    const tenant = `lc-${run}-racing`;

    const results = await Promise.all([one.tenants.provision(tenant), two.tenants.provision(tenant)]);

    expect(results.map((result) => result.provisioned)).toEqual([['terminusdb'], ['terminusdb']]);
    expect(await databaseExists(one, tenant)).toBe(true);
    await one.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('describes where the tenant lives and counts the documents of each class it holds', async () => {
    const sqh = await compose();
    const tenant = `lc-${run}-globex`;
    await sqh.records.batchCreate(tenant, 'crm', 'AppCRMAccount', [account('a'), account('b')]);

    const described = await sqh.tenants.describe(tenant);

    const { organization } = server().options;
    expect(described.backends[0]).toMatchObject({
      backend: 'terminusdb',
      provisioned: true,
      server: new URL(server().options.url).origin,
      database: `${organization}/${tenantDatabaseName(tenant)}`,
    });
    const byModel = Object.fromEntries(
      described.backends[0]?.models.map((model) => [model.model, model]) ?? [],
    );
    expect(byModel['crm/AppCRMAccount']).toEqual({
      model: 'crm/AppCRMAccount',
      stored: true,
      rows: 2,
      rowsExact: true,
    });
    expect(byModel['crm/AppCRMOpportunity']).toEqual({ model: 'crm/AppCRMOpportunity', stored: false });
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('deprovisions: the database is gone, and a later lazy call starts with fresh classes', async () => {
    const sqh = await compose();
    const tenant = `lc-${run}-initech`;
    await sqh.records.create(tenant, 'crm', 'AppCRMAccount', { id: 'kept', ...account('x') });

    await sqh.tenants.deprovision(tenant, { confirm: tenant });

    expect(await databaseExists(sqh, tenant)).toBe(false);
    expect((await sqh.tenants.describe(tenant)).provisioned).toBe(false);
    // The classes pushed before were forgotten with the database, so this pushes them again.
    expect(await sqh.records.get(tenant, 'crm', 'AppCRMAccount', 'kept')).toBeNull();
    await sqh.records.create(tenant, 'crm', 'AppCRMAccount', { id: 'new', ...account('y') });
    expect(await sqh.records.count(tenant, 'crm', 'AppCRMAccount')).toBe(1);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
  });

  it('in strict mode refuses an unprovisioned tenant without creating its database', async () => {
    const sqh = await compose(true);
    const tenant = `lc-${run}-strict`;

    await expect(sqh.records.count(tenant, 'crm', 'AppCRMAccount')).rejects.toBeInstanceOf(
      TenantNotProvisionedError,
    );
    expect(await databaseExists(sqh, tenant)).toBe(false);

    await sqh.tenants.provision(tenant);
    expect(await sqh.records.count(tenant, 'crm', 'AppCRMAccount')).toBe(0);
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
  });
});
