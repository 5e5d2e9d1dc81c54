import type { AccessContext, SqhPlugin } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_QUERY, PostgreSQLQueryService } from '../src/index.js';
import { LabResult, labRows } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';

const tenant = uniqueTenantId('acc');

function caller(userId: string, permissions: readonly string[] = []): AccessContext {
  return { userId, teamIds: [], tenantId: tenant, permissions, attributes: {}, isSharedReference: false };
}

/** station-1 readers see ST-1 only; everyone else is denied; a caller without context is denied. */
const stationPolicy: SqhPlugin = {
  name: 'station-policy',
  register: (_container, api) =>
    api.registerAccessPolicy({
      decide: ({ access }) => {
        if (access?.userId === 'admin') return { effect: 'allow' };
        if (access?.userId === 'station-1') return { effect: 'allowWhere', filter: { station_code: 'ST-1' } };
        return { effect: 'deny', reason: 'not a lab reader' };
      },
    }),
};

describe('read access', () => {
  let world: QuerySqh;

  beforeAll(async () => {
    world = await createQuerySqh([LabResult], {}, [stationPolicy]);
    await world.sqh.records.batchCreate(tenant, 'lab', 'AppLabResult', labRows(300), {
      returning: false,
      access: caller('admin'),
    });
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases([tenant]);
  });

  it('is a class resolved from the container, one per composition', () => {
    expect(world.query).toBeInstanceOf(PostgreSQLQueryService);
    expect(world.sqh.get(PG_QUERY)).toBe(world.query);
  });

  it('narrows aggregates to the allowWhere scope', async () => {
    const rows = await world.query.aggregate(
      tenant,
      'lab',
      'AppLabResult',
      { groupBy: ['station_code'], metrics: { n: 'COUNT(*)' } },
      { access: caller('station-1') },
    );
    const raw = await rawQuery<{ n: string }>(
      tenantDatabase(tenant),
      "SELECT count(*) AS n FROM app_lab_result WHERE station_code = 'ST-1'",
    );
    expect(rows).toStrictEqual([{ station_code: 'ST-1', n: Number(raw[0]?.n) }]);
  });

  it('denies a caller the policy denies, and a caller with no access context (fail closed)', async () => {
    const spec = { metrics: { n: 'COUNT(*)' } };
    await expect(
      world.query.aggregate(tenant, 'lab', 'AppLabResult', spec, { access: caller('stranger') }),
    ).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(world.query.aggregate(tenant, 'lab', 'AppLabResult', spec)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
  });
});
