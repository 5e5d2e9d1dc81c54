import type { AccessContext, SqhPlugin } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_SQL_PERMISSION } from '../src/index.js';
import { HOSTILE_CODE, LabResult, labRows } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';
import { Station } from './support/station-data.js';

const tenant = uniqueTenantId('raw');

function caller(userId: string, permissions: readonly string[] = [RAW_SQL_PERMISSION]): AccessContext {
  return { userId, teamIds: [], tenantId: tenant, permissions, attributes: {}, isSharedReference: false };
}

/** 'scoped' callers see northern stations only: a record-level policy. */
const policy: SqhPlugin = {
  name: 'scoped-policy',
  register: (_container, api) =>
    api.registerAccessPolicy({
      decide: ({ model, access }) =>
        access?.userId === 'scoped' && model.name === 'Station'
          ? { effect: 'allowWhere', filter: { region: 'north' } }
          : { effect: 'allow' },
    }),
};

/** Everything a test could change, to prove a refused statement changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await rawQuery(
    tenantDatabase(tenant),
    `SELECT (SELECT count(*) FROM app_lab_result) AS results,
            (SELECT sum(reading) FROM app_lab_result) AS readings,
            (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS relations,
            (SELECT count(*) FROM pg_largeobject_metadata) AS large_objects`,
  );
  return JSON.stringify(rows);
}

describe('rawSql', () => {
  let world: QuerySqh;
  const admin = caller('admin');

  beforeAll(async () => {
    world = await createQuerySqh([LabResult, Station], {}, [policy]);
    await world.sqh.records.batchCreate(tenant, 'lab', 'AppLabResult', labRows(120), {
      returning: false,
      access: admin,
    });
    await world.sqh.records.create(
      tenant,
      'water',
      'Station',
      { code: 'N1', name: 'North', region: 'north', depth: 1 },
      { access: admin },
    );
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases([tenant]);
  });

  it('runs a parameterized SELECT with CTEs, joins and hostile values like a direct connection', async () => {
    const sql = `WITH per_station AS (
                   SELECT station_code, count(*) AS n, avg(value) AS mean FROM app_lab_result
                    WHERE station_code <> $1 OR test_type = $2 GROUP BY station_code)
                 SELECT p.station_code AS "weird ""alias""", p.n, p.mean, s.name
                   FROM per_station p LEFT JOIN station s ON s.code = p.station_code
                  ORDER BY p.station_code COLLATE "C"`;
    const params = [HOSTILE_CODE, "ph'; DROP TABLE station; --"];
    const rows = await world.query.rawSql(tenant, sql, params, { access: admin });
    expect(rows).toStrictEqual(await rawQuery(tenantDatabase(tenant), sql, params));
    expect(rows.length).toBeGreaterThan(3);
  });

  it('needs the raw SQL permission', async () => {
    await expect(world.query.rawSql(tenant, 'SELECT 1', [])).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(
      world.query.rawSql(tenant, 'SELECT 1', [], { access: caller('reader', ['lab:read']) }),
    ).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('is refused on a model whose policy scopes the caller, and allowed where it does not', async () => {
    await expect(
      world.query.rawSql(tenant, 'SELECT * FROM station', [], { access: caller('scoped') }),
    ).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    const rows = await world.query.rawSql(tenant, 'SELECT count(*)::int AS n FROM app_lab_result', [], {
      access: caller('scoped'),
    });
    expect(rows).toStrictEqual([{ n: 120 }]);
  });

  it.each([
    ['an INSERT', "INSERT INTO app_lab_result (id) VALUES ('x')"],
    ['an UPDATE', 'UPDATE app_lab_result SET reading = 0'],
    ['a DELETE', 'DELETE FROM app_lab_result'],
    ['DDL', 'DROP TABLE app_lab_result'],
    ['CREATE', 'CREATE TABLE evil (x int)'],
    ['TRUNCATE', 'TRUNCATE app_lab_result'],
    ['two statements', 'SELECT 1; DELETE FROM app_lab_result'],
    ['a statement after a comment', 'SELECT 1 -- harmless\n; DELETE FROM app_lab_result'],
    [
      'a statement inside a block comment trick',
      'SELECT 1 /* */; UPDATE app_lab_result SET reading = 0 /* */',
    ],
    ['COPY out', 'COPY app_lab_result TO STDOUT'],
    ['COPY to a program', "COPY app_lab_result TO PROGRAM 'rm -rf /tmp/x'"],
    ['SET', "SET statement_timeout = '0'"],
    ['SET ROLE', 'SET ROLE postgres'],
    ['RESET', 'RESET ALL'],
    ['a transaction statement', 'COMMIT'],
    [
      'a data-modifying CTE',
      'WITH gone AS (DELETE FROM app_lab_result RETURNING *) SELECT count(*) FROM gone',
    ],
    [
      'a nested data-modifying CTE',
      'SELECT * FROM (WITH u AS (UPDATE app_lab_result SET reading = 1 RETURNING 1) SELECT * FROM u) AS q',
    ],
    ['SELECT INTO', 'SELECT * INTO copy_of_results FROM app_lab_result'],
    ['FOR UPDATE', 'SELECT * FROM app_lab_result FOR UPDATE'],
    ['FOR SHARE', 'SELECT * FROM app_lab_result FOR KEY SHARE'],
    ['pg_sleep', 'SELECT pg_sleep(30)'],
    ['a qualified pg_sleep', "SELECT pg_catalog.pg_sleep_for('30 seconds')"],
    ['dblink', "SELECT * FROM dblink('dbname=postgres', 'DELETE FROM x') AS t(n int)"],
    ['lo_import', "SELECT lo_import('/etc/passwd')"],
    ['pg_read_file', "SELECT pg_read_file('/etc/passwd')"],
    ['set_config', "SELECT set_config('statement_timeout', '0', false)"],
    [
      'query_to_xml running SQL from a string',
      "SELECT query_to_xml('DELETE FROM app_lab_result RETURNING 1', true, true, '')",
    ],
    ['a system catalog', 'SELECT * FROM pg_authid'],
    ['a schema-qualified table', 'SELECT * FROM pg_catalog.pg_class'],
    ['a table that is not a model', 'SELECT * FROM pg_stat_activity'],
    ['DO', 'DO $$ BEGIN DELETE FROM app_lab_result; END $$'],
    ['CALL', 'CALL something()'],
    ['EXPLAIN ANALYZE of a write', 'EXPLAIN ANALYZE DELETE FROM app_lab_result'],
    ['garbage', 'SELEC * FROM'],
    ['an empty statement', '   '],
  ])('refuses %s and leaves the database unchanged', async (_label, sql) => {
    const before = await snapshot();
    await expect(world.query.rawSql(tenant, sql, [], { access: admin })).rejects.toMatchObject({
      code: expect.stringMatching(/^(VALIDATION|ACCESS_DENIED)$/),
    });
    expect(await snapshot()).toBe(before);
  });

  it('refuses a parameter count that does not match the statement', async () => {
    await expect(
      world.query.rawSql(tenant, 'SELECT $1::int + $2::int AS n', [1], { access: admin }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('stops a statement at its timeout, with the database unchanged', async () => {
    const before = await snapshot();
    await expect(
      world.query.rawSql(
        tenant,
        'SELECT count(*) FROM generate_series(1, 100000000) a, generate_series(1, 1000) b',
        [],
        { access: admin, timeoutMs: 200 },
      ),
    ).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: expect.stringContaining('200 ms') });
    expect(await snapshot()).toBe(before);
  });

  it('cancels the running statement when the caller aborts', async () => {
    const controller = new AbortController();
    const running = world.query.rawSql(
      tenant,
      'SELECT count(*) FROM generate_series(1, 100000000) a, generate_series(1, 1000) b',
      [],
      { access: admin, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    const activity = await rawQuery<{ n: number }>(
      'postgres',
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active'",
      [tenantDatabase(tenant)],
    );
    expect(activity[0]?.n).toBe(0);
  });

  it('refuses more rows than maxRows instead of truncating silently', async () => {
    await expect(
      world.query.rawSql(tenant, 'SELECT * FROM app_lab_result', [], { access: admin, maxRows: 50 }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const rows = await world.query.rawSql(tenant, 'SELECT id FROM app_lab_result LIMIT 50', [], {
      access: admin,
      maxRows: 50,
    });
    expect(rows).toHaveLength(50);
  });

  it('runs as a role that can read only the allowed model tables', async () => {
    const rows = await world.query.rawSql(tenant, 'SELECT current_user AS who, 1 AS one', [], {
      access: admin,
    });
    expect(rows).toStrictEqual([{ who: 'sqh_raw_sql_reader', one: 1 }]);
  });
});
