import { randomBytes } from 'node:crypto';
import { PG_BACKEND, pgBackend } from '@sqh/backend-pg';
import { AccessDeniedError, createSqh, defineModel, NotFoundError, type Sqh, StorageConfig } from '@sqh/core';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import {
  ACCESS_CONTEXT_BUILDER,
  accessPlugin,
  buildPlatformContext,
  modelPolicy,
  ownership,
  rbac,
  team,
} from '../src/index.js';

// The README's example, on real PostgreSQL: lab results per tenant, stations shared by all.
const run = randomBytes(4).toString('hex');
const stationTable = `acc_${run}_stations`;
// A shared reference database of this test's own: a real sqh_shared_reference belongs to someone else.
const sharedDatabase = `sqh_shared_test_${run}_access`;

const LabResult = defineModel({
  group: 'lab',
  name: 'AppLabResult',
  storage: StorageConfig.postgresql(),
  schema: z.object({
    station_code: z.string(),
    test_type: z.string(),
    value: z.number(),
    team_id: z.string(),
    analyst_id: z.string(),
  }),
});

const Station = defineModel({
  group: 'water-quality',
  name: 'AppWaterQualityStation',
  storage: StorageConfig.postgresql({ shared: true, tableName: stationTable }),
  schema: z.object({ code: z.string(), river: z.string() }),
});

const access = accessPlugin({
  roles: {
    analyst: ['lab:read', 'lab:write', 'stations:read'],
    admin: ['lab:*', 'stations:*', 'shared_reference:write'],
  },
  policies: [
    modelPolicy(
      LabResult,
      rbac({ read: 'lab:read', write: 'lab:write' }),
      team('team_id', { on: ['read'], bypass: 'lab:read_all' }),
      ownership('analyst_id', { on: ['create', 'update', 'delete'], bypass: 'lab:admin' }),
    ),
    modelPolicy(Station, rbac({ read: 'stations:read', write: 'stations:write' })),
  ],
});

describe('water quality: analysts read their team’s results, owners edit their own, admins write stations', () => {
  const tenant = `acc${run}wq`;
  let sqh: Sqh;
  const user = (id: string, roles: string[], teamIds: string[] = [], tenantId = tenant) => ({
    access: sqh.get(ACCESS_CONTEXT_BUILDER).build({ id, roles, teamIds }, tenantId),
  });
  const lab = (id: string, team_id: string, analyst_id: string) => ({
    id,
    station_code: 'ATH-01',
    test_type: 'ph',
    value: 7.1,
    team_id,
    analyst_id,
  });
  const denial = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  };

  beforeAll(async () => {
    sqh = await createSqh({
      plugins: [pgBackend({ url: inject('pgUrl'), sharedDatabase }), access],
      models: [LabResult, Station],
    });
    const importJob = { access: buildPlatformContext('lims-import') };
    await sqh.records.batchCreate(
      tenant,
      'lab',
      'AppLabResult',
      [lab('r1', 'red', 'ann'), lab('r2', 'red', 'ben'), lab('r3', 'blue', 'cat')],
      importJob,
    );
  });

  afterAll(async () => {
    try {
      await sqh.get(PG_BACKEND).manager.dropDatabase(tenant);
      await sqh.get(PG_BACKEND).manager.dropSharedDatabase();
    } finally {
      await sqh.close();
    }
  });

  it('admins write shared stations; analysts read them and cannot write them', async () => {
    const root = user('root', ['admin']);
    await sqh.records.create(
      null,
      'water-quality',
      'AppWaterQualityStation',
      { id: 'ATH-01', code: 'ATH-01', river: 'Athabasca' },
      root,
    );
    const ann = user('ann', ['analyst'], ['red']);
    expect(
      (await sqh.records.get(tenant, 'water-quality', 'AppWaterQualityStation', 'ATH-01', ann))?.river,
    ).toBe('Athabasca');
    expect(
      await denial(
        sqh.records.update(null, 'water-quality', 'AppWaterQualityStation', 'ATH-01', { river: 'x' }, ann),
      ),
    ).toBe(
      "ACCESS_DENIED: Access denied: update on water-quality/AppWaterQualityStation: writing shared reference data needs the permission 'shared_reference:write'",
    );
    const stations = await sqh.records.list(null, 'water-quality', 'AppWaterQualityStation', {}, root);
    expect(stations.map((station) => station.river)).toEqual(['Athabasca']);
  });

  it('analysts read their team’s results only', async () => {
    const ann = user('ann', ['analyst'], ['red']);
    const visible = await sqh.records.list(tenant, 'lab', 'AppLabResult', { orderBy: ['id'] }, ann);
    expect(visible.map((row) => row.id)).toEqual(['r1', 'r2']);
    expect(await sqh.records.get(tenant, 'lab', 'AppLabResult', 'r3', ann)).toBeNull();
    expect(await sqh.records.count(tenant, 'lab', 'AppLabResult', undefined, ann)).toBe(2);
  });

  it('owners edit their own results, and cannot edit or take over a colleague’s', async () => {
    const ann = user('ann', ['analyst'], ['red']);
    expect((await sqh.records.update(tenant, 'lab', 'AppLabResult', 'r1', { value: 7.3 }, ann)).value).toBe(
      7.3,
    );
    await expect(sqh.records.update(tenant, 'lab', 'AppLabResult', 'r2', { value: 1 }, ann)).rejects.toThrow(
      NotFoundError,
    );
    expect(await denial(sqh.records.update(tenant, 'lab', 'AppLabResult', 'r2', { value: 1 }, ann))).toBe(
      "NOT_FOUND: No lab/AppLabResult record with id 'r2' (it does not exist, or you may not see it).",
    );
    expect(
      await denial(sqh.records.update(tenant, 'lab', 'AppLabResult', 'r1', { analyst_id: 'ben' }, ann)),
    ).toBe(
      "ACCESS_DENIED: Access denied: this update would move lab/AppLabResult record 'r1' outside what you may write.",
    );
    expect(
      await denial(sqh.records.create(tenant, 'lab', 'AppLabResult', { ...lab('r9', 'red', 'ben') }, ann)),
    ).toBe(
      'ACCESS_DENIED: Access denied: the record to create on lab/AppLabResult is outside what you may write.',
    );
    expect(
      (await sqh.records.get(tenant, 'lab', 'AppLabResult', 'r2', user('ben', ['analyst'], ['red'])))?.value,
    ).toBe(7.1);
  });

  it('denials: no context, another tenant’s context, a missing permission', async () => {
    expect(await denial(sqh.records.list(tenant, 'lab', 'AppLabResult'))).toBe(
      'ACCESS_DENIED: Access denied: read on lab/AppLabResult: no access context',
    );
    const foreign = user('ann', ['analyst'], ['red'], 'another-tenant');
    expect(await denial(sqh.records.list(tenant, 'lab', 'AppLabResult', {}, foreign))).toBe(
      'ACCESS_DENIED: Access denied: read on lab/AppLabResult: the access context belongs to another tenant',
    );
    const viewer = {
      access: sqh
        .get(ACCESS_CONTEXT_BUILDER)
        .build({ id: 'v', permissions: ['lab:read'], teamIds: ['red'] }, tenant),
    };
    expect(await denial(sqh.records.delete(tenant, 'lab', 'AppLabResult', 'r1', viewer))).toBe(
      "ACCESS_DENIED: Access denied: delete on lab/AppLabResult: needs the permission 'lab:write'",
    );
    await expect(sqh.records.list(tenant, 'lab', 'AppLabResult', {}, foreign)).rejects.toThrow(
      AccessDeniedError,
    );
  });
});
