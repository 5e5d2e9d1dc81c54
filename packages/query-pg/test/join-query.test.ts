import type { SqhPlugin } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CODE } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';
import { Inspector, Sample, Station } from './support/station-data.js';

const tenant = uniqueTenantId('join');

/** Callers with the 'north' attribute read only northern stations; samples and inspectors are open. */
const regionPolicy: SqhPlugin = {
  name: 'region-policy',
  register: (_container, api) =>
    api.registerAccessPolicy({
      decide: ({ model, access }) => {
        if (model.name === 'Station' && access?.attributes.region === 'north') {
          return { effect: 'allowWhere', filter: { region: 'north' } };
        }
        return { effect: 'allow' };
      },
    }),
};

describe('joinQuery', () => {
  let world: QuerySqh;

  beforeAll(async () => {
    world = await createQuerySqh([Station, Sample, Inspector], {}, [regionPolicy]);
    const records = world.sqh.records;
    const inspectors = await records.batchCreate(tenant, 'water', 'Inspector', [
      { name: 'Ada', level: 3 },
      { name: `Bo'b"; --`, level: 1 },
    ]);
    const stations = await records.batchCreate(
      tenant,
      'water',
      'Station',
      Array.from({ length: 6 }, (_, n) => ({
        code: n === 0 ? HOSTILE_CODE : `ST-${n}`,
        name: `Station ${n}`,
        region: n % 2 === 0 ? 'north' : 'south',
        depth: n * 10,
      })),
    );
    await records.batchCreate(
      tenant,
      'water',
      'Sample',
      Array.from({ length: 60 }, (_, n) => ({
        ...(n % 13 === 0 ? {} : { station_id: stations.records[n % 6]?.id }),
        station_code: n % 6 === 0 ? HOSTILE_CODE : `ST-${n % 6}`,
        inspector_ids: n % 4 === 0 ? [] : [inspectors.records[n % 2]?.id as string],
        value: n / 4,
        taken_at: new Date(Date.UTC(2026, 0, 1 + n)),
      })),
    );
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases([tenant]);
  });

  it('joins along a declared relation like hand-written SQL', async () => {
    const rows = await world.query.joinQuery(tenant, {
      from: { model: 'water/Sample', as: 'sample' },
      join: [{ relation: 'sample.station_id', as: 'station' }],
      select: ['sample.value', 'station.name', 'station.depth'],
      filters: { sample: { value: { $gte: 3 } }, station: { region: 'south' } },
      orderBy: ['-sample.value'],
      limit: 20,
    });
    const raw = await rawQuery(
      tenantDatabase(tenant),
      `SELECT s.value AS "sample.value", st.name AS "station.name", st.depth::int AS "station.depth"
         FROM sample s JOIN station st ON s.station_id = st.id
        WHERE s.value >= 3 AND st.region = 'south'
        ORDER BY s.value DESC, s.id, st.id LIMIT 20`,
    );
    expect(rows).toStrictEqual(raw);
    expect(rows.length).toBeGreaterThan(5);
  });

  it('left-joins, joins many ids, and joins on fields of one type with hostile keys and values', async () => {
    const key = `x"; DROP TABLE sample; --`;
    const rows = await world.query.joinQuery(tenant, {
      from: ['water', 'Sample'],
      join: [
        { relation: 'Sample.station_id', type: 'left' },
        { relation: 'Sample.inspector_ids', as: 'inspector' },
        { model: 'water/Station', on: ['Sample.station_code', 'code'], as: 'by_code' },
      ],
      select: { [key]: 'Sample.value', who: 'inspector.name', station: 'Station.name', code: 'by_code.code' },
      filters: { by_code: { code: { $in: [HOSTILE_CODE, 'ST-1'] } } },
      orderBy: ['who', key],
      limit: 100,
    });
    const raw = await rawQuery(
      tenantDatabase(tenant),
      `SELECT s.value AS k, i.name AS who, st.name AS station, c.code AS code
         FROM sample s LEFT JOIN station st ON s.station_id = st.id
         JOIN inspector i ON i.id = ANY (s.inspector_ids)
         JOIN station c ON s.station_code = c.code
        WHERE c.code = ANY ($1)
        ORDER BY i.name COLLATE "C", s.value, s.id, st.id, i.id, c.id`,
      [[HOSTILE_CODE, 'ST-1']],
    );
    expect(rows).toStrictEqual(raw.map(({ k, ...rest }) => ({ [key]: k, ...rest })));
    expect(rows.some((row) => row.code === HOSTILE_CODE)).toBe(true);
    expect(rows.some((row) => row.station === null)).toBe(true);
  });

  it("applies each joined model's access scope", async () => {
    const rows = await world.query.joinQuery(
      tenant,
      {
        from: 'water/Sample',
        join: [{ relation: 'Sample.station_id' }],
        select: ['Station.region'],
        limit: 1000,
      },
      {
        access: {
          userId: 'u',
          teamIds: [],
          tenantId: tenant,
          permissions: [],
          attributes: { region: 'north' },
          isSharedReference: false,
        },
      },
    );
    const raw = await rawQuery<{ n: number }>(
      tenantDatabase(tenant),
      `SELECT count(*)::int AS n FROM sample s JOIN station st ON s.station_id = st.id WHERE st.region = 'north'`,
    );
    expect(rows.length).toBe(raw[0]?.n);
    expect(new Set(rows.map((row) => row['Station.region']))).toStrictEqual(new Set(['north']));
  });

  it.each([
    [{ relation: 'Sample.value' }, 'no relation declared on the field'],
    [{ model: 'water/Station', on: ['Sample.value', 'code'] }, 'number joined to text'],
    [{ model: 'water/Station', on: ['Sample.inspector_ids', 'code'] }, 'array joined to text'],
    [{ model: 'water/Station', on: ['Nope.station_code', 'code'] }, 'unknown source'],
    [{ model: 'water/Station', on: ['Sample.station_code', 'missing'] }, 'unknown field'],
    [{ relation: 'Sample.station_id', as: 'Sample' }, 'a name used twice'],
  ] as [unknown, string][])('refuses the join %j (%s) with a VALIDATION error', async (step) => {
    await expect(
      world.query.joinQuery(tenant, {
        from: 'water/Sample',
        join: [step as never],
        select: ['Sample.value'],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
