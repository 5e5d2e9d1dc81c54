import { createSqh, type Sqh } from '@sqh/core';
import { type RunningEmulator, startEmulator } from '@sqh/terminusdb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminusBackend } from '../src/index.js';
import { accessScopePlugin, asUser } from './support/access-scope.js';
import { account, crmModels } from './support/crm-models.js';

// Counting requests needs the emulator's request log, so this file always runs against one.
let emulator: RunningEmulator;
let sqh: Sqh;
const TENANT = 'round-trips';
const records = () => sqh.records;

const accountInput = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  revenue: 10,
  tags: ['a'],
  active: true,
  ...extra,
});

/** The requests one call sends, as `METHOD /api/endpoint`. */
async function requestsOf(call: () => Promise<unknown>): Promise<string[]> {
  emulator.resetRequests();
  await call();
  return emulator.requests.map(
    (request) => `${request.method} ${request.path.split('/').slice(0, 3).join('/')}`,
  );
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  sqh = await createSqh({
    plugins: [
      terminusBackend({ url: emulator.url, user: 'admin', key: 'root' }),
      // `owner` is template-expressible; `reviewer` needs WOQL (a range).
      accessScopePlugin({ owner: { name: 'Acme' }, reviewer: { revenue: { $gte: 5 } } }),
    ],
    models: crmModels,
  });
});

afterAll(async () => {
  await sqh.close();
  await emulator.close();
});

describe('HTTP round trips per operation', () => {
  it('first use of a tenant: create its database, read the schema, insert the class, then the operation', async () => {
    expect(
      await requestsOf(() =>
        records().create(TENANT, 'crm', 'AppCRMAccount', accountInput('Acme', { id: 'acme' })),
      ),
    ).toStrictEqual(['POST /api/db', 'GET /api/document', 'POST /api/document', 'POST /api/document']);
  });

  it('create: one insert', async () => {
    expect(
      await requestsOf(() => records().create(TENANT, 'crm', 'AppCRMAccount', accountInput('Globex'))),
    ).toStrictEqual(['POST /api/document']);
  });

  it('get: one document read, also for a missing id', async () => {
    expect(await requestsOf(() => records().get(TENANT, 'crm', 'AppCRMAccount', 'acme'))).toStrictEqual([
      'GET /api/document',
    ]);
    expect(await requestsOf(() => records().get(TENANT, 'crm', 'AppCRMAccount', 'nope'))).toStrictEqual([
      'GET /api/document',
    ]);
  });

  it('get inside an access scope: one template query, or one WOQL query when the scope needs it', async () => {
    const asOwner = () => records().get(TENANT, 'crm', 'AppCRMAccount', 'acme', asUser('owner', TENANT));
    const asReviewer = () =>
      records().get(TENANT, 'crm', 'AppCRMAccount', 'acme', asUser('reviewer', TENANT));
    expect(await requestsOf(asOwner)).toStrictEqual(['POST /api/document']);
    expect(await requestsOf(asReviewer)).toStrictEqual(['POST /api/woql']);
    expect((await asOwner())?.id).toBe('acme');
    expect((await asReviewer())?.id).toBe('acme');
  });

  it('list, count and search: one WOQL query each, with filters, ordering and paging', async () => {
    const list = () =>
      records().list(TENANT, 'crm', 'AppCRMAccount', {
        filters: { $or: [{ name: { $icontains: 'ac' } }, { revenue: { $gt: 1 } }], tags: { $has: 'a' } },
        orderBy: ['-revenue', 'name'],
        limit: 1,
        skip: 1,
      });
    expect(await requestsOf(list)).toStrictEqual(['POST /api/woql']);
    expect(
      await requestsOf(() => records().count(TENANT, 'crm', 'AppCRMAccount', { active: true })),
    ).toStrictEqual(['POST /api/woql']);
    expect(await requestsOf(() => records().search(TENANT, 'crm', 'AppCRMAccount', 'glob'))).toStrictEqual([
      'POST /api/woql',
    ]);
    expect(
      await requestsOf(() => records().list(TENANT, 'crm', 'AppCRMAccount', {}, asUser('reviewer', TENANT))),
    ).toStrictEqual(['POST /api/woql']);
  });

  it('batchCreate: one insert for the whole batch', async () => {
    const rows = Array.from({ length: 50 }, (_, index) => accountInput(`Batch ${index}`));
    expect(await requestsOf(() => records().batchCreate(TENANT, 'crm', 'AppCRMAccount', rows))).toStrictEqual(
      ['POST /api/document'],
    );
  });

  it('delete: one request, with or without an access scope', async () => {
    const first = await records().create(TENANT, 'crm', 'AppCRMAccount', accountInput('Doomed'));
    const second = await records().create(TENANT, 'crm', 'AppCRMAccount', accountInput('Acme'));
    expect(await requestsOf(() => records().delete(TENANT, 'crm', 'AppCRMAccount', first.id))).toStrictEqual([
      'DELETE /api/document',
    ]);
    expect(
      await requestsOf(() =>
        records().delete(TENANT, 'crm', 'AppCRMAccount', second.id, asUser('owner', TENANT)),
      ),
    ).toStrictEqual(['POST /api/woql']);
    expect(await records().get(TENANT, 'crm', 'AppCRMAccount', second.id)).toBeNull();
  });

  it('update: a read and a guarded write when nothing races it', async () => {
    expect(
      await requestsOf(() => records().update(TENANT, 'crm', 'AppCRMAccount', 'acme', { employees: 7 })),
    ).toStrictEqual(['GET /api/document', 'PUT /api/document']);
  });

  it('another model in a known tenant: a read before its class exists reads the schema only', async () => {
    expect(await requestsOf(() => records().count(TENANT, 'crm', 'AppCRMContact'))).toStrictEqual([
      'GET /api/document',
    ]);
  });

  it('another model in a known tenant: its class is pushed once, then one request', async () => {
    const input = { name: 'Ann', email: 'ann@acme.test', account: 'acme' };
    expect(await requestsOf(() => records().create(TENANT, 'crm', 'AppCRMContact', input))).toStrictEqual([
      'GET /api/document',
      'POST /api/document',
      'POST /api/document',
    ]);
    expect(await requestsOf(() => records().create(TENANT, 'crm', 'AppCRMContact', input))).toStrictEqual([
      'POST /api/document',
    ]);
    expect(account.key).toBe('crm/AppCRMAccount');
  });
});
