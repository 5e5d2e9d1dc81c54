import {
  AccessDeniedError,
  ConfigurationError,
  createSqh,
  NotFoundError,
  type Sqh,
  StorageConfig,
  ValidationError,
} from '@sqh/core';
import { MEMORY_BACKEND_KEY, memoryBackend } from '@sqh/example-backend-memory';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCESS_CONTEXT_BUILDER,
  ACCESS_CONTROL,
  ACCESS_POLICIES,
  AccessControl,
  abac,
  accessPlugin,
  buildAccessContext,
  buildPlatformContext,
  modelPolicy,
  ownership,
  rbac,
  team,
} from '../src/index.js';
import { labModels } from './support/lab-models.js';

const memory = StorageConfig.custom(MEMORY_BACKEND_KEY);
const { LabResult, Station } = labModels(memory, memory);
const roles = { analyst: ['lab:read', 'lab:write'], admin: ['lab:*'] };
const T = 'tenant-a';
const lab = ['lab', 'AppLabResult'] as const;

const labPolicy = modelPolicy(
  LabResult,
  rbac({ read: 'lab:read', write: 'lab:write' }),
  team('team_id', { on: ['read'], bypass: 'lab:read_all' }),
  ownership('analyst_id', { on: ['create', 'update', 'delete'], bypass: 'lab:admin' }),
);

let sqh: Sqh | undefined;
afterEach(async () => {
  await sqh?.close();
  sqh = undefined;
});

async function compose(options: Partial<Parameters<typeof accessPlugin>[0]> = {}) {
  sqh = await createSqh({
    plugins: [memoryBackend(), accessPlugin({ policies: [labPolicy], roles, ...options })],
    models: [LabResult, Station],
  });
  const job = { access: buildPlatformContext('seed') };
  const row = (id: string, team_id: string, analyst_id: string, region = 'north') => ({
    id,
    station_code: 'ST-1',
    test_type: 'ph',
    value: 7,
    team_id,
    analyst_id,
    region,
  });
  for (const data of [row('r1', 'red', 'ann'), row('r2', 'red', 'ben'), row('r3', 'blue', 'cat', 'south')]) {
    await sqh.records.create(T, ...lab, data, job);
  }
  const builder = sqh.get(ACCESS_CONTEXT_BUILDER);
  const as = (id: string, userRoles: string[], teamIds: string[], attributes = {}) => ({
    access: builder.build({ id, roles: userRoles, teamIds, attributes }, T),
  });
  return { sqh, as };
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id).sort();

describe('accessPlugin', () => {
  it('analysts read their team’s results and edit only their own', async () => {
    const { sqh, as } = await compose();
    const ann = as('ann', ['analyst'], ['red']);
    expect(ids(await sqh.records.list(T, ...lab, {}, ann))).toEqual(['r1', 'r2']);
    expect(await sqh.records.get(T, ...lab, 'r3', ann)).toBeNull();
    expect((await sqh.records.update(T, ...lab, 'r1', { value: 7.2 }, ann)).value).toBe(7.2);
    await expect(sqh.records.update(T, ...lab, 'r2', { value: 1 }, ann)).rejects.toThrow(NotFoundError);
    await expect(sqh.records.update(T, ...lab, 'r1', { analyst_id: 'ben' }, ann)).rejects.toThrow(
      AccessDeniedError,
    );
    await expect(
      sqh.records.create(
        T,
        ...lab,
        { station_code: 'S', test_type: 'ph', value: 1, team_id: 'red', analyst_id: 'ben' },
        ann,
      ),
    ).rejects.toThrow(/outside what you may write/);
    expect(await sqh.records.delete(T, ...lab, 'r2', ann)).toBe(false);
  });

  it('documented leak: creating with the id of a record outside your scope is a CONFLICT', async () => {
    const { sqh, as } = await compose();
    const ann = as('ann', ['analyst'], ['red']);
    const data = { station_code: 'S', test_type: 'ph', value: 1, team_id: 'red', analyst_id: 'ann' };
    await expect(sqh.records.create(T, ...lab, { ...data, id: 'r3' }, ann)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await sqh.records.get(T, ...lab, 'r3', ann)).toBeNull();
  });

  it('a bypass permission lifts only its own rule', async () => {
    const { sqh, as } = await compose();
    const boss = as('boss', ['analyst'], [], {});
    expect(await sqh.records.count(T, ...lab, undefined, boss)).toBe(0);
    const auditor = {
      access: sqh
        .get(ACCESS_CONTEXT_BUILDER)
        .build({ id: 'aud', permissions: ['lab:read', 'lab:read_all'] }, T),
    };
    expect(await sqh.records.count(T, ...lab, undefined, auditor)).toBe(3);
    await expect(sqh.records.update(T, ...lab, 'r1', { value: 1 }, auditor)).rejects.toThrow(
      /needs the permission 'lab:write'/,
    );
    const admin = as('root', ['admin'], []);
    expect(await sqh.records.delete(T, ...lab, 'r3', admin)).toBe(true);
  });

  it('denies without a context, for another tenant, and on models without a policy', async () => {
    const { sqh, as } = await compose();
    await expect(sqh.records.list(T, ...lab)).rejects.toThrow(/no access context/);
    const foreign = {
      access: buildAccessContext({ id: 'ann', roles: ['analyst'], teamIds: ['red'] }, 'tenant-b', roles),
    };
    await expect(sqh.records.list(T, ...lab, {}, foreign)).rejects.toThrow(/another tenant/);
    await expect(
      sqh.records.list(T, 'water-quality', 'AppWaterQualityStation', {}, as('ann', ['analyst'], ['red'])),
    ).rejects.toThrow(/no access policy is declared for water-quality\/AppWaterQualityStation/);
  });

  it('defaultEffect allow opens models without a policy, and only those', async () => {
    const { sqh, as } = await compose({ defaultEffect: 'allow' });
    const ann = as('ann', ['analyst'], ['red']);
    expect(await sqh.records.count(T, 'water-quality', 'AppWaterQualityStation', undefined, ann)).toBe(0);
    expect(await sqh.records.count(T, ...lab, undefined, ann)).toBe(2);
  });

  it('ABAC: a missing attribute denies, a set attribute means one of', async () => {
    const policy = modelPolicy(
      LabResult,
      rbac({ read: 'lab:read' }),
      abac('region', { attribute: 'region' }),
    );
    const { sqh, as } = await compose({ policies: [policy] });
    await expect(sqh.records.list(T, ...lab, {}, as('ann', ['analyst'], []))).rejects.toThrow(
      /attribute 'region' is missing/,
    );
    expect(
      ids(await sqh.records.list(T, ...lab, {}, as('ann', ['analyst'], [], { region: 'south' }))),
    ).toEqual(['r3']);
    expect(
      ids(await sqh.records.list(T, ...lab, {}, as('ann', ['analyst'], [], { region: ['north', 'south'] }))),
    ).toEqual(['r1', 'r2', 'r3']);
  });

  it('a host overrides the policies through the container before the first call', async () => {
    sqh = await createSqh({
      plugins: [memoryBackend(), accessPlugin({ policies: [labPolicy], roles })],
      models: [LabResult, Station],
    });
    sqh.container.register(ACCESS_POLICIES.name, {
      useValue: [labPolicy, modelPolicy(Station, rbac({ read: 'stations:read' }))],
    });
    const viewer = { access: buildAccessContext({ id: 'v', permissions: ['stations:read'] }, T) };
    expect(await sqh.records.count(T, 'water-quality', 'AppWaterQualityStation', undefined, viewer)).toBe(0);
    expect(sqh.get(ACCESS_CONTROL)).toBeInstanceOf(AccessControl);
  });

  it('a host overrides the context builder through the container', async () => {
    sqh = await createSqh({
      plugins: [memoryBackend(), accessPlugin({ policies: [labPolicy], roles })],
      models: [LabResult, Station],
    });
    const fromSso = {
      build: (user: { id: string }, tenantId: string) =>
        buildAccessContext({ id: user.id, permissions: ['lab:read', 'lab:read_all'] }, tenantId),
    };
    sqh.container.register(ACCESS_CONTEXT_BUILDER.name, { useValue: fromSso });
    const access = sqh.get(ACCESS_CONTEXT_BUILDER).build({ id: 'sso-user' }, T);
    expect(access.permissions).toEqual(['lab:read', 'lab:read_all']);
    expect(await sqh.records.count(T, ...lab, undefined, { access })).toBe(0);
  });
});

describe('policy declarations are checked at start-up', () => {
  it('names the model and the rule when a field does not exist or cannot hold the value', () => {
    expect(() => modelPolicy(LabResult, ownership('owner'))).toThrow(
      /lab\/AppLabResult, rule 1 \(ownership\): 'owner' is not a field/,
    );
    expect(() => modelPolicy(LabResult, rbac({ read: 'lab:read' }), ownership('value'))).toThrow(
      /rule 2 \(ownership\): 'value' holds number/,
    );
    expect(() => modelPolicy(LabResult, team('team_id', { on: [] }))).toThrow(ConfigurationError);
  });

  it('refuses two policies for one model', () => {
    expect(() => accessPlugin({ policies: [labPolicy, labPolicy] })).toThrow(
      /Two access policies are declared/,
    );
  });
});

describe('buildAccessContext', () => {
  it('expands roles, binds the tenant and refuses bad input with a typed error', () => {
    const context = buildAccessContext({ id: 'ann', roles: ['analyst'], permissions: ['x:y'] }, T, roles);
    expect(context).toMatchObject({
      userId: 'ann',
      tenantId: T,
      permissions: ['x:y', 'lab:read', 'lab:write'],
    });
    expect(context.platform).toBeUndefined();
    expect(() => buildAccessContext({ id: 'ann', roles: ['anlyst'] }, T, roles)).toThrow(ValidationError);
    expect(() => buildAccessContext({ id: '' }, T)).toThrow(/Invalid user/);
    expect(() => buildAccessContext({ id: 'a', attributes: { deep: { x: 1 } as never } }, T)).toThrow(
      ValidationError,
    );
    expect(() => buildAccessContext({ id: 'a' }, 'bad tenant')).toThrow(ValidationError);
  });
});
