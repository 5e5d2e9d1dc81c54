import { createSqh, type Sqh } from '@sqh/core';
import { tenantSlug } from '@sqh/core/spi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERMINUS_BACKEND, TerminusDBBackend, terminusBackend } from '../src/index.js';
import { crmModels } from './support/crm-models.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);
let sqh: Sqh;

const note = (name: string) => ({ name, revenue: null, tags: [], active: true });

beforeAll(async () => {
  sqh = await createSqh({ plugins: [terminusBackend(server().options)], models: crmModels });
});

afterAll(async () => {
  await sqh.close();
});

describe('one database per tenant', () => {
  it("is named from core's injective tenant slug, so look-alike tenant ids never share one", async () => {
    const dashed = `iso-${run}-1`;
    const underscored = `iso_${run}_1`;
    const terminus = sqh.get(TERMINUS_BACKEND);
    expect(terminus.databaseFor(dashed).database).toBe(`sqh_tenant_${tenantSlug(dashed)}`);
    expect(terminus.databaseFor(dashed).database).not.toBe(terminus.databaseFor(underscored).database);

    await sqh.records.create(dashed, 'crm', 'AppCRMAccount', { id: 'same', ...note('dashed') });
    await sqh.records.create(underscored, 'crm', 'AppCRMAccount', { id: 'same', ...note('underscored') });
    expect((await sqh.records.get(dashed, 'crm', 'AppCRMAccount', 'same'))?.name).toBe('dashed');
    expect((await sqh.records.get(underscored, 'crm', 'AppCRMAccount', 'same'))?.name).toBe('underscored');
    expect(await sqh.records.count(dashed, 'crm', 'AppCRMAccount')).toBe(1);
  });

  it('a write in one tenant is invisible to every read in another', async () => {
    const [a, b] = [`iso-${run}-a`, `iso-${run}-b`];
    await sqh.records.create(a, 'crm', 'AppCRMAccount', { id: 'secret', ...note('only in a') });
    expect(await sqh.records.get(b, 'crm', 'AppCRMAccount', 'secret')).toBeNull();
    expect(await sqh.records.list(b, 'crm', 'AppCRMAccount')).toStrictEqual([]);
    expect(await sqh.records.search(b, 'crm', 'AppCRMAccount', 'only')).toStrictEqual([]);
    expect(await sqh.records.delete(b, 'crm', 'AppCRMAccount', 'secret')).toBe(false);
    expect(await sqh.records.get(a, 'crm', 'AppCRMAccount', 'secret')).not.toBeNull();
  });

  it('a tenant dropped by another process is created again on next use', async () => {
    const tenant = `iso-${run}-dropped`;
    await sqh.records.create(tenant, 'crm', 'AppCRMAccount', { id: 'old', ...note('before the drop') });
    await new TerminusDBBackend(server().options).dropTenant(tenant);
    expect(await sqh.records.get(tenant, 'crm', 'AppCRMAccount', 'old')).toBeNull();
    await sqh.records.create(tenant, 'crm', 'AppCRMAccount', { id: 'new', ...note('after the drop') });
    expect((await sqh.records.list(tenant, 'crm', 'AppCRMAccount')).map((record) => record.id)).toStrictEqual(
      ['new'],
    );
  });
});
