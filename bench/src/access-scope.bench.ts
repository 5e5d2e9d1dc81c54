import { randomBytes } from 'node:crypto';
import {
  accessPlugin,
  buildAccessContext,
  buildPlatformContext,
  modelPolicy,
  ownership,
  rbac,
  team,
} from '@sqh/access';
import { PG_BACKEND, pgBackend } from '@sqh/backend-pg';
import { createSqh, defineModel, StorageConfig } from '@sqh/core';
import { resolvePostgres } from '@sqh/postgres-server';
import pg from 'pg';
import { z } from 'zod';
import { median, withSpread } from './pg-bench-support.js';

// What access control costs a read: sqh `list` and `get` as an analyst whose
// @sqh/access policy scopes lab results to their teams (the gate, the policy
// and the scope compiled into the statement), against the same SQL with the
// same team condition as a prepared raw `pg` statement. Calls are interleaved
// one by one, the ratio taken per round; median (min–max) over rounds.
// Target: scoped list <= 1.20, scoped get <= 1.15 x prepared raw.

const ROWS = 100_000;
const ROUNDS = 7;
const CALLS = 500;
const TARGETS = { list: 1.2, get: 1.15 };
const TEAMS = ['red', 'blue', 'green', 'amber', 'violet'];

const LabResult = defineModel({
  group: 'bench',
  name: 'ScopedLabResult',
  storage: StorageConfig.postgresql({ highVolume: true, tableName: 'scoped_lab_result' }),
  schema: z.object({
    test_type: z.string(),
    value: z.number(),
    team_id: z.string(),
    analyst_id: z.string(),
    created_at: z.date(),
  }),
});

const server = await resolvePostgres();
const sqh = await createSqh({
  models: [LabResult],
  plugins: [
    pgBackend({ url: server.url }),
    accessPlugin({
      policies: [
        modelPolicy(
          LabResult,
          rbac({ read: 'lab:read', write: 'lab:write' }),
          team('team_id', { on: ['read'] }),
          ownership('analyst_id', { on: ['update', 'delete'] }),
        ),
      ],
    }),
  ],
});
const tenantId = `bench${randomBytes(4).toString('hex')}`;
const { manager } = sqh.get(PG_BACKEND);
let raw: pg.Pool | undefined;
try {
  const job = { access: buildPlatformContext('bench-import') };
  const rows = Array.from({ length: ROWS }, (_, n) => ({
    id: `r${String(n).padStart(7, '0')}`,
    test_type: n % 4 === 0 ? 'nitrate' : 'ph',
    value: (n % 1400) / 100,
    team_id: TEAMS[n % TEAMS.length]!,
    analyst_id: `a${n % 40}`,
    created_at: new Date(Date.UTC(2024, 0, 1) + n * 60_000),
  }));
  await sqh.records.batchCreate(tenantId, 'bench', 'ScopedLabResult', rows, { returning: false, ...job });
  const url = new URL(server.url);
  url.pathname = `/${manager.databaseName(tenantId)}`;
  raw = new pg.Pool({ connectionString: url.toString(), max: 1 });
  const db = raw;
  await db.query(
    'CREATE INDEX scoped_lab_type_created ON scoped_lab_result (test_type, created_at DESC, id)',
  );
  await db.query('VACUUM ANALYZE scoped_lab_result');

  const analyst = {
    access: buildAccessContext({ id: 'a7', permissions: ['lab:read'], teamIds: ['red', 'blue'] }, tenantId),
  };
  const teams = ['red', 'blue'];
  const listSql =
    'SELECT * FROM scoped_lab_result WHERE test_type = $1 AND team_id = ANY($2) ORDER BY created_at DESC, id LIMIT 50';
  const getSql = 'SELECT * FROM scoped_lab_result WHERE id = $1 AND team_id = ANY($2)';
  const ids = Array.from({ length: CALLS }, (_, n) => `r${String((n * 7919) % ROWS).padStart(7, '0')}`);
  const query = { filters: { test_type: 'nitrate' }, orderBy: ['-created_at'], limit: 50 } as const;

  const first = await sqh.records.list(tenantId, 'bench', 'ScopedLabResult', query, analyst);
  const rawFirst = await db.query<{ id: string }>(listSql, ['nitrate', teams]);
  if (first.map((r) => r.id).join() !== rawFirst.rows.map((r) => r.id).join()) {
    throw new Error('sqh and raw scoped list disagree');
  }

  const paths = {
    list: {
      prepared: () => db.query({ name: 'list', text: listSql, values: ['nitrate', teams] }),
      sqh: () => sqh.records.list(tenantId, 'bench', 'ScopedLabResult', query, analyst),
    },
    get: {
      prepared: (n: number) => db.query({ name: 'get', text: getSql, values: [ids[n], teams] }),
      sqh: (n: number) => sqh.records.get(tenantId, 'bench', 'ScopedLabResult', ids[n]!, analyst),
    },
  } as const;

  console.log(
    `${ROWS.toLocaleString('en')} rows, an analyst of 2 of 5 teams, ${ROUNDS} rounds of ${CALLS} calls per path; ` +
      'ratio to the prepared raw statement with the same team condition, per round: median (min–max)',
  );
  for (const kind of ['list', 'get'] as const) {
    const path = paths[kind];
    for (let n = 0; n < CALLS; n++) {
      await path.prepared(n);
      await path.sqh(n);
    }
    const ratios: number[] = [];
    const micros = { prepared: [] as number[], sqh: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const spent = { prepared: 0, sqh: 0 };
      for (let n = 0; n < CALLS; n++) {
        for (const name of n % 2 === 0 ? (['prepared', 'sqh'] as const) : (['sqh', 'prepared'] as const)) {
          const start = process.hrtime.bigint();
          await path[name](n);
          spent[name] += Number(process.hrtime.bigint() - start);
        }
      }
      micros.prepared.push(spent.prepared / CALLS / 1e3);
      micros.sqh.push(spent.sqh / CALLS / 1e3);
      ratios.push(spent.sqh / spent.prepared);
    }
    const target = TARGETS[kind];
    console.log(
      `scoped ${kind.padEnd(5)} prepared raw ${median(micros.prepared).toFixed(0).padStart(4)} µs  ` +
        `sqh ${median(micros.sqh).toFixed(0).padStart(4)} µs  sqh / prepared raw ${withSpread(ratios)}  ` +
        `target <= ${target.toFixed(2)} ${median(ratios) <= target ? 'met' : 'MISSED'}`,
    );
  }
} finally {
  await raw?.end();
  await manager.dropDatabase(tenantId);
  await sqh.close();
  await server.stop();
}
