import { describe, expect, it } from 'vitest';
import { type AccessContext, AccessDeniedError, createSqh, type SqhPlugin } from '../src/index.js';
import type { AccessPolicy, AccessRequest } from '../src/spi.js';
import { Account } from './support/models.js';
import { pluginOf, recordingBackend } from './support/recording-backend.js';

const alice: AccessContext = {
  userId: 'alice',
  teamIds: [],
  tenantId: 't1',
  permissions: ['crm.read'],
  attributes: {},
  isSharedReference: false,
};

function policyPlugin(policy: AccessPolicy): SqhPlugin {
  return { name: 'policy', register: (_container, api) => api.registerAccessPolicy(policy) };
}

async function compose(policy: AccessPolicy) {
  const backend = recordingBackend('graph');
  const sqh = await createSqh({ plugins: [pluginOf(backend), policyPlugin(policy)], models: [Account] });
  return { sqh, backend };
}

describe('access policy', () => {
  it('is consulted with the model, operation and access context', async () => {
    const requests: AccessRequest[] = [];
    const { sqh } = await compose({
      decide: (request) => {
        requests.push(request);
        return { effect: 'allow' };
      },
    });
    await sqh.records.list('t1', 'crm', 'AppCRMAccount', {}, { access: alice });
    expect(requests.map((r) => [r.model.key, r.operation, r.tenantId, r.access?.userId])).toStrictEqual([
      ['crm/AppCRMAccount', 'read', 't1', 'alice'],
    ]);
    await sqh.close();
  });

  it('denies with a typed error and no backend call', async () => {
    const { sqh, backend } = await compose({
      decide: () => ({ effect: 'deny', reason: 'missing crm.write' }),
    });
    await expect(
      sqh.records.create('t1', 'crm', 'AppCRMAccount', { name: 'A', status: 'active' }, { access: alice }),
    ).rejects.toThrow(AccessDeniedError);
    await expect(sqh.records.list('t1', 'crm', 'AppCRMAccount', {}, { access: alice })).rejects.toThrow(
      /missing crm.write/,
    );
    expect(backend.calls).toStrictEqual([]);
    await sqh.close();
  });

  it('narrows reads, counts, updates and deletes to allowWhere', async () => {
    const { sqh } = await compose({
      decide: (request) =>
        request.operation === 'create'
          ? { effect: 'allow' }
          : { effect: 'allowWhere', filter: { status: 'active' } },
    });
    const visible = await sqh.records.create('t1', 'crm', 'AppCRMAccount', {
      name: 'Visible',
      status: 'active',
    });
    const hidden = await sqh.records.create('t1', 'crm', 'AppCRMAccount', {
      name: 'Hidden',
      status: 'inactive',
    });
    expect((await sqh.records.list('t1', 'crm', 'AppCRMAccount')).map((r) => r.name)).toStrictEqual([
      'Visible',
    ]);
    expect(await sqh.records.count('t1', 'crm', 'AppCRMAccount')).toBe(1);
    expect(await sqh.records.get('t1', 'crm', 'AppCRMAccount', hidden.id)).toBeNull();
    expect((await sqh.records.get('t1', 'crm', 'AppCRMAccount', visible.id))?.name).toBe('Visible');
    await expect(sqh.records.update('t1', 'crm', 'AppCRMAccount', hidden.id, { name: 'x' })).rejects.toThrow(
      /No crm\/AppCRMAccount/,
    );
    expect(await sqh.records.delete('t1', 'crm', 'AppCRMAccount', hidden.id)).toBe(false);
    expect((await sqh.records.search('t1', 'crm', 'AppCRMAccount', 'i')).map((r) => r.name)).toStrictEqual([
      'Visible',
    ]);
    await sqh.close();
  });

  it('refuses to create a record outside the allowed scope', async () => {
    const { sqh, backend } = await compose({
      decide: () => ({ effect: 'allowWhere', filter: { status: 'active' } }),
    });
    await expect(
      sqh.records.create('t1', 'crm', 'AppCRMAccount', { name: 'A', status: 'inactive' }),
    ).rejects.toThrow(AccessDeniedError);
    await expect(
      sqh.records.batchCreate('t1', 'crm', 'AppCRMAccount', [
        { name: 'A', status: 'active' },
        { name: 'B', status: 'inactive' },
      ]),
    ).rejects.toThrow(/row 1/);
    expect(backend.calls).toStrictEqual([]);
    await sqh.close();
  });
});
