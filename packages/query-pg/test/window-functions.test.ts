import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CODE, LabResult, labRows } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';

const tenant = uniqueTenantId('win');

describe('windowFunctions', () => {
  let world: QuerySqh;

  beforeAll(async () => {
    world = await createQuerySqh([LabResult]);
    await world.sqh.records.batchCreate(tenant, 'lab', 'AppLabResult', labRows(240), { returning: false });
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases([tenant]);
  });

  it('computes ranking, offsets, edges, running and moving aggregates like hand-written SQL', async () => {
    const rows = await world.query.windowFunctions(tenant, 'lab', 'AppLabResult', {
      partitionBy: ['station_code'],
      orderBy: ['created_at', 'id'],
      select: ['id', 'station_code', 'value', 'reading'],
      windows: {
        n: { fn: 'row_number' },
        place: { fn: 'rank' },
        dense: { fn: 'dense_rank' },
        previous: { fn: 'lag', field: 'value' },
        next2: { fn: 'lead', field: 'reading', offset: 2 },
        first: { fn: 'first_value', field: 'value' },
        last: { fn: 'last_value', field: 'value' },
        running_total: { fn: 'sum', field: 'reading' },
        moving_avg: { fn: 'avg', field: 'value', frame: { preceding: 2, following: 1 } },
        moving_max: { fn: 'max', field: 'value', frame: { preceding: 3 } },
        seen: { fn: 'count', field: 'note' },
      },
      filters: { test_type: { $ne: 'chlorine' } },
      limit: 500,
    });
    const raw = await rawQuery(
      tenantDatabase(tenant),
      `SELECT id, station_code, value, reading,
              row_number() OVER w AS n, rank() OVER w AS place, dense_rank() OVER w AS dense,
              lag(value) OVER w AS previous, lead(reading, 2) OVER w AS next2,
              first_value(value) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS first,
              last_value(value) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last,
              sum(reading) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_total,
              avg(value) OVER (w ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS moving_avg,
              max(value) OVER (w ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS moving_max,
              count(note) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seen
         FROM app_lab_result WHERE test_type <> 'chlorine'
       WINDOW w AS (PARTITION BY station_code ORDER BY created_at, id COLLATE "C")
        ORDER BY station_code COLLATE "C", created_at, id COLLATE "C", id COLLATE "C"`,
    );
    const expected = raw.map((row) => ({
      ...row,
      reading: Number(row.reading),
      n: Number(row.n),
      place: Number(row.place),
      dense: Number(row.dense),
      next2: row.next2 === null ? null : Number(row.next2),
      running_total: Number(row.running_total),
      seen: Number(row.seen),
    }));
    expect(rows).toStrictEqual(expected);
    expect(rows.some((row) => row.station_code === HOSTILE_CODE)).toBe(true);
  });

  it('names output columns with hostile names without putting them in SQL', async () => {
    const name = `r"); DELETE FROM app_lab_result; --`;
    const rows = await world.query.windowFunctions(tenant, 'lab', 'AppLabResult', {
      orderBy: ['-value'],
      select: ['id', 'value'],
      windows: { [name]: { fn: 'dense_rank' } },
      limit: 3,
    });
    expect(Object.keys(rows[0] ?? {})).toStrictEqual(['id', 'value', name]);
    expect(rows[0]?.[name]).toBe(1);
    const [{ count }] = (await rawQuery(
      tenantDatabase(tenant),
      'SELECT count(*)::int AS count FROM app_lab_result',
    )) as [{ count: number }];
    expect(count).toBe(240);
  });

  it.each([
    [{ fn: 'ntile' }, 'unknown function'],
    [{ fn: 'sum', field: 'station_code' }, 'sum of text'],
    [{ fn: 'lag', field: 'nope' }, 'unknown field'],
    [{ fn: 'avg', field: 'value', frame: { preceding: -1 } }, 'negative frame'],
    [{ fn: 'avg', field: 'value', frame: { preceding: '1; DROP' } }, 'text frame'],
    [{ fn: 'rank' }, 'rank without orderBy'],
  ] as [unknown, string][])('refuses %j (%s) with a VALIDATION error', async (window) => {
    await expect(
      world.query.windowFunctions(tenant, 'lab', 'AppLabResult', { windows: { w: window as never } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
