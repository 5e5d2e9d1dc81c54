import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AccessContext,
  AccessDeniedError,
  createSqh,
  defineModel,
  type FilterInput,
  StorageConfig,
} from '../src/index.js';
import { ACCESS_SERVICE, type AccessPolicy } from '../src/spi.js';
import { Account } from './support/models.js';
import { pluginOf, recordingBackend } from './support/recording-backend.js';

const Station = defineModel({
  group: 'water-quality',
  name: 'AppWaterQualityStation',
  schema: z.object({ code: z.string(), river: z.string() }),
  storage: StorageConfig.postgresql({ shared: true }),
});

function context(overrides: Partial<AccessContext> = {}): AccessContext {
  return {
    userId: 'alice',
    teamIds: [],
    tenantId: 't1',
    permissions: [],
    attributes: {},
    isSharedReference: false,
    ...overrides,
  };
}

async function compose(policy?: AccessPolicy) {
  const graph = recordingBackend('graph');
  const pg = recordingBackend('postgresql', { sharedReference: true });
  const plugins = [pluginOf(graph), pluginOf(pg)];
  if (policy) plugins.push({ name: 'policy', register: (_c, api) => api.registerAccessPolicy(policy) });
  const sqh = await createSqh({ plugins, models: [Account, Station] });
  // Seeded behind the gate, so every policy under test starts from the same record.
  await graph.create({ tenantId: 't1' }, Account, { id: 'a1', name: 'Acme', status: 'active', tags: [] });
  return { sqh, graph, pg };
}

const scopeOf = (filter: (access: AccessContext | undefined) => FilterInput): AccessPolicy => ({
  name: 'owner-scope',
  decide: ({ access }) => ({ effect: 'allowWhere', filter: filter(access) }),
});

describe('an allowWhere scope that comes out empty is a deny, never an allow', () => {
  const widening: [string, (access: AccessContext | undefined) => FilterInput][] = [
    ['a value missing because there is no access context', (access) => ({ name: access?.userId })],
    ['an operator on a missing value', (access) => ({ name: { $eq: access?.userId } })],
    ['a null value', () => ({ name: null as unknown as string })],
    ['a missing value inside $in', (access) => ({ name: { $in: [access?.userId as string] } })],
    ['an empty filter', () => ({})],
    ['an empty $and', () => ({ $and: [] })],
    ['an empty branch of an $or', () => ({ $or: [{}, { name: 'Acme' }] })],
    ['the complement of nothing', () => ({ $not: { $or: [] } })],
  ];
  for (const [what, filter] of widening) {
    it(`${what}: every operation is denied and the backend is not asked`, async () => {
      const { sqh, graph } = await compose(scopeOf(filter));
      const before = graph.calls.length;
      const at = ['t1', 'crm', 'AppCRMAccount'] as const;
      for (const call of [
        () => sqh.records.list(...at),
        () => sqh.records.count(...at),
        () => sqh.records.get(...at, 'a1'),
        () => sqh.records.search(...at, 'Acme'),
        () => sqh.records.update(...at, 'a1', { name: 'taken' }),
        () => sqh.records.delete(...at, 'a1'),
        () => sqh.records.create(...at, { name: 'x', status: 'active' }),
      ]) {
        await expect(call()).rejects.toThrow(AccessDeniedError);
      }
      await expect(sqh.records.list(...at)).rejects.toThrow(/policy 'owner-scope' gave no usable scope/);
      expect(graph.calls.length).toBe(before);
      await sqh.close();
    });
  }

  it('a scope that matches nothing (an empty $or, an empty $in) stays a scope: nothing is visible', async () => {
    for (const filter of [{ $or: [] }, { name: { $in: [] } }]) {
      const { sqh } = await compose(scopeOf(() => filter));
      expect(await sqh.records.list('t1', 'crm', 'AppCRMAccount')).toEqual([]);
      expect(await sqh.records.get('t1', 'crm', 'AppCRMAccount', 'a1')).toBeNull();
      await sqh.close();
    }
  });

  it('a scope with a value narrows as before', async () => {
    const { sqh } = await compose(scopeOf((access) => ({ name: access?.userId ?? { $null: true } })));
    expect(await sqh.records.count('t1', 'crm', 'AppCRMAccount', undefined, { access: context() })).toBe(0);
    expect(
      await sqh.records.count('t1', 'crm', 'AppCRMAccount', undefined, {
        access: context({ userId: 'Acme' }),
      }),
    ).toBe(1);
    await sqh.close();
  });

  it('a policy that returns no decision is a configuration error, not an allow', async () => {
    const { sqh } = await compose({ decide: () => undefined as never });
    await expect(sqh.records.list('t1', 'crm', 'AppCRMAccount')).rejects.toThrow(/returned no decision/);
    await sqh.close();
  });
});

describe('access.tenantId is bound to the call', () => {
  const allowAll: AccessPolicy = { decide: () => ({ effect: 'allow' }) };

  it('a context for another tenant is denied, with or without a policy', async () => {
    for (const policy of [allowAll, undefined]) {
      const { sqh, graph } = await compose(policy);
      const before = graph.calls.length;
      for (const access of [context({ tenantId: 't2' }), context({ tenantId: null })]) {
        await expect(sqh.records.list('t1', 'crm', 'AppCRMAccount', {}, { access })).rejects.toThrow(
          /belongs to another tenant/,
        );
        await expect(sqh.records.delete('t1', 'crm', 'AppCRMAccount', 'a1', { access })).rejects.toThrow(
          AccessDeniedError,
        );
      }
      expect(graph.calls.length).toBe(before);
      await sqh.close();
    }
  });

  it('a context for the tenant, or an explicit platform context, may act', async () => {
    const { sqh } = await compose(allowAll);
    expect(await sqh.records.count('t1', 'crm', 'AppCRMAccount', undefined, { access: context() })).toBe(1);
    const platform = context({ tenantId: null, platform: true });
    expect(await sqh.records.count('t1', 'crm', 'AppCRMAccount', undefined, { access: platform })).toBe(1);
    await sqh.close();
  });

  it('a malformed context from an untyped caller grants nothing', async () => {
    const { sqh } = await compose(allowAll);
    const access = { ...context(), permissions: 'admin' } as unknown as AccessContext;
    await expect(sqh.records.list('t1', 'crm', 'AppCRMAccount', {}, { access })).rejects.toThrow(
      /malformed \(permissions\)/,
    );
    await sqh.close();
  });
});

describe('shared reference data', () => {
  const allowAll: AccessPolicy = { decide: () => ({ effect: 'allow' }) };
  const station = { code: 'ATH-01', river: 'Athabasca' };

  it('writes need shared_reference:write, even when the policy allows', async () => {
    const { sqh, pg } = await compose(allowAll);
    const analyst = context({ permissions: ['lab:read', 'shared_reference:read'] });
    await expect(
      sqh.records.create(null, 'water-quality', 'AppWaterQualityStation', station, { access: analyst }),
    ).rejects.toThrow(/needs the permission 'shared_reference:write'/);
    await expect(
      sqh.records.create(null, 'water-quality', 'AppWaterQualityStation', station),
    ).rejects.toThrow(/needs an access context/);
    expect(pg.stored(null)).toEqual([]);
    const admin = context({ permissions: ['shared_reference:write'] });
    const created = await sqh.records.create(null, 'water-quality', 'AppWaterQualityStation', station, {
      access: admin,
    });
    for (const write of [
      () =>
        sqh.records.update(
          null,
          'water-quality',
          'AppWaterQualityStation',
          created.id,
          { river: 'x' },
          {
            access: analyst,
          },
        ),
      () =>
        sqh.records.delete(null, 'water-quality', 'AppWaterQualityStation', created.id, { access: analyst }),
    ]) {
      await expect(write()).rejects.toThrow(AccessDeniedError);
    }
    expect(pg.stored(null).map((row) => row.river)).toEqual(['Athabasca']);
    await sqh.close();
  });

  it('reads need only an authenticated context, of any tenant', async () => {
    const { sqh } = await compose(allowAll);
    const admin = context({ permissions: ['shared_reference:*'] });
    await sqh.records.create(null, 'water-quality', 'AppWaterQualityStation', station, { access: admin });
    const fromOtherTenant = context({ tenantId: 't9' });
    expect(
      await sqh.records.count(null, 'water-quality', 'AppWaterQualityStation', undefined, {
        access: fromOtherTenant,
      }),
    ).toBe(1);
    await expect(sqh.records.count(null, 'water-quality', 'AppWaterQualityStation')).rejects.toThrow(
      AccessDeniedError,
    );
    await sqh.close();
  });

  it('core sets isSharedReference from the model; a caller cannot claim it', async () => {
    const seen: [string, boolean | undefined][] = [];
    const { sqh } = await compose({
      decide: ({ model, access }) => {
        seen.push([model.name, access?.isSharedReference]);
        return { effect: 'allow' };
      },
    });
    await sqh.records.count(null, 'water-quality', 'AppWaterQualityStation', undefined, {
      access: context(),
    });
    await sqh.records.count('t1', 'crm', 'AppCRMAccount', undefined, {
      access: context({ isSharedReference: true }),
    });
    expect(seen.slice(-2)).toEqual([
      ['AppWaterQualityStation', true],
      ['AppCRMAccount', false],
    ]);
    await sqh.close();
  });

  it('the access service binds the context itself, for query services that pass it as given', async () => {
    const seen: (boolean | undefined)[] = [];
    const { sqh } = await compose({
      decide: ({ access }) => {
        seen.push(access?.isSharedReference);
        return { effect: 'allow' };
      },
    });
    const service = sqh.get(ACCESS_SERVICE);
    await service.authorize({ model: Station, operation: 'read', tenantId: null, access: context() });
    await service.authorize({
      model: Account,
      operation: 'read',
      tenantId: 't1',
      access: context({ isSharedReference: true }),
    });
    expect(seen).toEqual([true, false]);
    await expect(
      service.authorize({ model: Account, operation: 'read', tenantId: 't1', access: null as never }),
    ).rejects.toThrow(/malformed \(not an object\)/);
    await sqh.close();
  });

  it('the gate is the composition’s access service, resolvable by token', async () => {
    const { sqh } = await compose(allowAll);
    const service = sqh.get(ACCESS_SERVICE);
    expect(
      await service.decide({ model: Station, operation: 'update', tenantId: null, access: context() }),
    ).toEqual({
      effect: 'deny',
      reason: "writing shared reference data needs the permission 'shared_reference:write'",
    });
    await sqh.close();
  });
});
