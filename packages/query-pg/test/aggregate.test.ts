import { decode } from '@sqh/ison';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgreSQLQueryService } from '../src/index.js';
import { HOSTILE_CODE, LabResult, labRows } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';

const tenant = uniqueTenantId('agg');
const ROWS = 600;

/** pg returns bigint and numeric as strings; the service returns numbers. */
function numbers<T extends Record<string, unknown>>(rows: T[], keys: readonly string[]): T[] {
  return rows.map((row) => {
    const copy: Record<string, unknown> = { ...row };
    for (const key of keys) if (typeof copy[key] === 'string') copy[key] = Number(copy[key]);
    return copy as T;
  });
}

describe('aggregate', () => {
  let world: QuerySqh;
  let query: PostgreSQLQueryService;

  beforeAll(async () => {
    world = await createQuerySqh([LabResult]);
    query = world.query;
    await world.sqh.records.batchCreate(tenant, 'lab', 'AppLabResult', labRows(ROWS), { returning: false });
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases([tenant]);
  });

  it("runs the epic's example: group by a field and the month, COUNT(*) and AVG(value)", async () => {
    const rows = await query.aggregate(tenant, 'lab', 'AppLabResult', {
      groupBy: ['test_type', 'month'],
      metrics: { count: 'COUNT(*)', avg_value: 'AVG(value)' },
    });
    const raw = await rawQuery(
      tenantDatabase(tenant),
      `SELECT test_type, date_trunc('month', created_at, 'UTC') AS month, count(*) AS count, avg(value)::float8 AS avg_value
         FROM app_lab_result GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rows).toStrictEqual(numbers(raw, ['count']));
    expect(rows).toHaveLength(6);
    expect(rows[0]?.month).toBeInstanceOf(Date);
  });

  it('takes the structured form, every metric, filters, having, orderBy and limit', async () => {
    const rows = await query.aggregate(tenant, 'lab', 'AppLabResult', {
      groupBy: ['station_code', { field: 'created_at', bucket: 'quarter', as: 'quarter' }],
      metrics: {
        n: { count: '*' },
        notes: { count: 'note' },
        kinds: { countDistinct: 'test_type' },
        total: { sum: 'reading' },
        avg_value: { avg: 'value' },
        low: { min: 'value' },
        high: { max: 'reading' },
        first: { min: 'created_at' },
        spread: { stddev: 'value' },
        p90: { percentile: { field: 'value', p: 0.9 } },
        median: 'MEDIAN(value)',
      },
      filters: { value: { $gte: 10 }, test_type: { $in: ['ph', 'chlorine'] } },
      having: { n: { $gte: 5 } },
      orderBy: ['-n', 'station_code'],
      limit: 7,
    });
    const raw = await rawQuery(
      tenantDatabase(tenant),
      `SELECT station_code, date_trunc('quarter', created_at, 'UTC') AS quarter,
              count(*) AS n, count(note) AS notes, count(DISTINCT test_type) AS kinds, sum(reading) AS total,
              avg(value)::float8 AS avg_value, min(value) AS low, max(reading) AS high, min(created_at) AS first,
              stddev_samp(value)::float8 AS spread,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY value) AS p90,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median
         FROM app_lab_result
        WHERE value >= 10 AND test_type IN ('ph', 'chlorine')
        GROUP BY 1, 2 HAVING count(*) >= 5
        ORDER BY n DESC, station_code COLLATE "C", quarter
        LIMIT 7`,
    );
    expect(rows).toStrictEqual(numbers(raw, ['n', 'notes', 'kinds', 'total', 'high']));
    expect(rows.length).toBe(7);
  });

  it('groups a hostile value and names results with hostile aliases, which never reach SQL', async () => {
    const alias = `x"; DROP TABLE app_lab_result; --`;
    const rows = await query.aggregate(tenant, 'lab', 'AppLabResult', {
      groupBy: ['station_code'],
      metrics: { [alias]: 'count(*)', 'SELECT 1': { max: 'value' } },
      filters: { station_code: { $in: [HOSTILE_CODE, "ST-1' OR '1'='1"] } },
    });
    const raw = await rawQuery(
      tenantDatabase(tenant),
      'SELECT station_code, count(*) AS n, max(value) AS m FROM app_lab_result WHERE station_code = $1 GROUP BY 1',
      [HOSTILE_CODE],
    );
    expect(rows).toStrictEqual([
      { station_code: HOSTILE_CODE, [alias]: Number(raw[0]?.n), 'SELECT 1': raw[0]?.m },
    ]);
    const [counted] = await rawQuery<{ count: string }>(
      tenantDatabase(tenant),
      'SELECT count(*) FROM app_lab_result',
    );
    expect(Number(counted?.count)).toBe(ROWS);
  });

  it.each([
    'AVG(value); DROP TABLE app_lab_result',
    'pg_sleep(1)',
    'AVG(value) + 1',
    'AVG("value")',
    'SUM(station_code)',
    'AVG(missing)',
    'COUNT(DISTINCT *)',
    'PERCENTILE(value, 2)',
    'AVG(value) FILTER (WHERE true)',
    'max(value)--',
  ])('refuses the metric %j with a VALIDATION error', async (metric) => {
    await expect(
      query.aggregate(tenant, 'lab', 'AppLabResult', { metrics: { m: metric } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses unknown group keys, having on a non-metric and orderBy on a non-output', async () => {
    await expect(
      query.aggregate(tenant, 'lab', 'AppLabResult', { groupBy: ['nope'], metrics: { n: 'COUNT(*)' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      query.aggregate(tenant, 'lab', 'AppLabResult', { metrics: { n: 'COUNT(*)' }, having: { value: 3 } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      query.aggregate(tenant, 'lab', 'AppLabResult', { metrics: { n: 'COUNT(*)' }, orderBy: ['value'] }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('prunes partitions when the filter bounds the partition column', async () => {
    const spec = {
      groupBy: ['test_type'],
      metrics: { n: 'COUNT(*)' },
      filters: {
        created_at: { $gte: new Date('2026-03-01T00:00:00Z'), $lt: new Date('2026-04-01T00:00:00Z') },
      },
    };
    const statement = await query.explainAggregate(tenant, 'lab', 'AppLabResult', spec);
    const [plan] = await rawQuery<{ 'QUERY PLAN': unknown }>(
      tenantDatabase(tenant),
      `EXPLAIN (FORMAT JSON) ${statement.text}`,
      statement.values,
    );
    const scanned = JSON.stringify(plan?.['QUERY PLAN']).match(/"Relation Name":"[^"]+"/g) ?? [];
    expect(scanned).toStrictEqual(['"Relation Name":"app_lab_result_p202603"']);
    const rows = await query.aggregate(tenant, 'lab', 'AppLabResult', spec);
    const raw = await rawQuery(
      tenantDatabase(tenant),
      `SELECT test_type, count(*) AS n FROM app_lab_result
        WHERE created_at >= '2026-03-01Z' AND created_at < '2026-04-01Z' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toStrictEqual(numbers(raw, ['n']));
  });

  it('returns ISON when asked', async () => {
    const text = await query.aggregate(
      tenant,
      'lab',
      'AppLabResult',
      { groupBy: ['test_type'], metrics: { n: 'COUNT(*)' } },
      { outputFormat: 'ison' },
    );
    expect(typeof text).toBe('string');
    const rows = await query.aggregate(tenant, 'lab', 'AppLabResult', {
      groupBy: ['test_type'],
      metrics: { n: 'COUNT(*)' },
    });
    const decoded = decode(text);
    expect(JSON.stringify(decoded)).toContain('"n"');
    expect(rows.map((row) => row.n).reduce((a, b) => Number(a) + Number(b), 0)).toBe(ROWS);
  });

  it('stops at its timeout and honours an aborted signal', async () => {
    await expect(
      query.aggregate(
        tenant,
        'lab',
        'AppLabResult',
        { metrics: { n: 'COUNT(*)' } },
        { signal: AbortSignal.abort() },
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await expect(
      query.aggregate(tenant, 'lab', 'AppLabResult', { metrics: { n: 'COUNT(*)' } }, { timeoutMs: 0 }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
