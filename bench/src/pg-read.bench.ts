import {
  GROUP,
  labRows,
  MODEL,
  median,
  openBenchEnvironment,
  TABLE,
  withSpread,
} from './pg-bench-support.js';

// Read latency through sqh.records against the fastest hand-written equivalent:
// the same SQL as a named prepared statement through raw `pg` (one connection,
// same table). `get` by id, and `list` with a filter, an order and limit 50
// served by an index. Calls are interleaved one by one (raw, prepared, sqh, in
// a rotating order) and each round's ratio is taken within the round, so a
// noisy moment on a shared machine hits both sides of a ratio alike; the median
// and the spread (min–max) over rounds are printed.
// Targets: get <= 1.10 and list <= 1.15 x the prepared raw statement.
// Unprepared raw `pg` is shown for reference.

const ROWS = 100_000;
const ROUNDS = 9;
const GETS = 1_000;
const LISTS = 500;
const GET_TARGET = 1.1;
const LIST_TARGET = 1.15;

const env = await openBenchEnvironment();
try {
  await env.sqh.records.batchCreate(env.tenantId, GROUP, MODEL, labRows(ROWS), { returning: false });
  await env.raw.query(`CREATE INDEX lab_result_type_created ON ${TABLE} (test_type, created_at DESC, id)`);
  await env.raw.query(`VACUUM ANALYZE ${TABLE}`);
  const ids = Array.from({ length: GETS }, (_, n) => `r${String((n * 7919) % ROWS).padStart(7, '0')}`);
  const getSql = `SELECT * FROM ${TABLE} WHERE id = $1`;
  // Same result as sqh's list: core breaks ties by id ascending.
  const listSql = `SELECT * FROM ${TABLE} WHERE test_type = $1 ORDER BY created_at DESC, id LIMIT 50`;
  const listQuery = { filters: { test_type: 'nitrate' }, orderBy: ['-created_at'], limit: 50 } as const;

  const paths = {
    get: {
      raw: (n: number) => env.raw.query(getSql, [ids[n]]),
      prepared: (n: number) => env.raw.query({ name: 'get', text: getSql, values: [ids[n]] }),
      sqh: (n: number) => env.sqh.records.get(env.tenantId, GROUP, MODEL, ids[n]!),
    },
    list: {
      raw: () => env.raw.query(listSql, ['nitrate']),
      prepared: () => env.raw.query({ name: 'list', text: listSql, values: ['nitrate'] }),
      sqh: () => env.sqh.records.list(env.tenantId, GROUP, MODEL, listQuery),
    },
  } as const;

  const [sqhFirst, rawFirst] = await Promise.all([
    env.sqh.records.list(env.tenantId, GROUP, MODEL, listQuery),
    env.raw.query<{ id: string }>(listSql, ['nitrate']),
  ]);
  if (sqhFirst.map((r) => r.id).join() !== rawFirst.rows.map((r) => r.id).join())
    throw new Error('sqh and raw list disagree');

  console.log(
    `${ROWS.toLocaleString('en')} rows, ${ROUNDS} rounds of ${GETS} gets / ${LISTS} lists per path, ` +
      'ratio to the prepared raw statement taken per round: median (min–max)',
  );
  for (const [label, target, calls, path] of [
    ['get by id', GET_TARGET, GETS, paths.get],
    ['list: filter + order + limit 50', LIST_TARGET, LISTS, paths.list],
  ] as const) {
    const order = ['raw', 'prepared', 'sqh'] as const;
    // Warm-up: JIT, prepared statements on the connection.
    for (let n = 0; n < calls; n++) for (const name of order) await path[name](n);
    const micros = { raw: [] as number[], prepared: [] as number[], sqh: [] as number[] };
    const ratios: number[] = [];
    const rawRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const spent = { raw: 0, prepared: 0, sqh: 0 };
      // Interleaved call by call, in an order that rotates, so load swings hit every path alike.
      for (let n = 0; n < calls; n++) {
        for (let step = 0; step < order.length; step++) {
          const name = order[(n + step) % order.length]!;
          const start = process.hrtime.bigint();
          await path[name](n);
          spent[name] += Number(process.hrtime.bigint() - start);
        }
      }
      for (const name of order) micros[name].push(spent[name] / calls / 1e3);
      ratios.push(spent.sqh / spent.prepared);
      rawRatios.push(spent.sqh / spent.raw);
    }
    const ratio = median(ratios);
    console.log(
      `${label.padEnd(32)} prepared raw ${median(micros.prepared).toFixed(0).padStart(4)} µs  ` +
        `sqh ${median(micros.sqh).toFixed(0).padStart(4)} µs  unprepared raw ${median(micros.raw).toFixed(0).padStart(4)} µs`,
    );
    console.log(
      `${''.padEnd(32)} sqh / prepared raw ${withSpread(ratios)}  target <= ${target.toFixed(2)} ` +
        `${ratio <= target ? 'met' : 'MISSED'};  sqh / unprepared raw ${withSpread(rawRatios)}`,
    );
  }
} finally {
  await env.close();
}
