import { GROUP, labRows, MODEL, median, openBenchEnvironment, seconds, TABLE } from './pg-bench-support.js';

// Read latency through sqh.records against the same query through raw `pg`
// (pool.query, one connection, same table): `get` by id, and `list` with a
// filter, an order and limit 50 served by an index. Rounds alternate between
// the paths; each figure is the median over rounds of the mean per call.
// Target: sqh <= 1.2 x raw latency. sqh runs its reads as named prepared
// statements, so raw with a named statement is shown too: that is the figure
// that isolates sqh's own overhead.

const ROWS = 100_000;
const ROUNDS = 5;
const GETS = 3_000;
const LISTS = 1_500;

const env = await openBenchEnvironment();
try {
  await env.sqh.records.batchCreate(env.tenantId, GROUP, MODEL, labRows(ROWS), { returning: false });
  await env.raw.query(`CREATE INDEX lab_result_type_created ON ${TABLE} (test_type, created_at DESC, id)`);
  await env.raw.query(`VACUUM ANALYZE ${TABLE}`);
  const ids = Array.from({ length: GETS }, (_, n) => `r${String((n * 7919) % ROWS).padStart(7, '0')}`);

  const rawGet = async () => {
    for (const id of ids) await env.raw.query(`SELECT * FROM ${TABLE} WHERE id = $1`, [id]);
  };
  const preparedGet = async () => {
    for (const id of ids)
      await env.raw.query({ name: 'get', text: `SELECT * FROM ${TABLE} WHERE id = $1`, values: [id] });
  };
  const sqhGet = async () => {
    for (const id of ids) await env.sqh.records.get(env.tenantId, GROUP, MODEL, id);
  };
  // Same result as sqh's list: core breaks ties by id ascending.
  const rawList = async () => {
    for (let n = 0; n < LISTS; n++) {
      await env.raw.query(
        `SELECT * FROM ${TABLE} WHERE test_type = $1 ORDER BY created_at DESC, id LIMIT 50`,
        ['nitrate'],
      );
    }
  };
  const preparedList = async () => {
    for (let n = 0; n < LISTS; n++) {
      await env.raw.query({
        name: 'list',
        text: `SELECT * FROM ${TABLE} WHERE test_type = $1 ORDER BY created_at DESC, id LIMIT 50`,
        values: ['nitrate'],
      });
    }
  };
  const sqhList = async () => {
    for (let n = 0; n < LISTS; n++) {
      await env.sqh.records.list(env.tenantId, GROUP, MODEL, {
        filters: { test_type: 'nitrate' },
        orderBy: ['-created_at'],
        limit: 50,
      });
    }
  };

  const [sqhFirst, rawFirst] = await Promise.all([
    env.sqh.records.list(env.tenantId, GROUP, MODEL, {
      filters: { test_type: 'nitrate' },
      orderBy: ['-created_at'],
      limit: 50,
    }),
    env.raw.query<{ id: string }>(
      `SELECT id FROM ${TABLE} WHERE test_type = $1 ORDER BY created_at DESC, id LIMIT 50`,
      ['nitrate'],
    ),
  ]);
  if (sqhFirst.map((r) => r.id).join() !== rawFirst.rows.map((r) => r.id).join())
    throw new Error('sqh and raw list disagree');

  // Warm-up.
  await rawGet();
  await preparedGet();
  await sqhGet();
  await rawList();
  await preparedList();
  await sqhList();

  const times = {
    rawGet: [] as number[],
    preparedGet: [] as number[],
    sqhGet: [] as number[],
    rawList: [] as number[],
    preparedList: [] as number[],
    sqhList: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    times.rawGet.push((await seconds(rawGet)) / GETS);
    times.preparedGet.push((await seconds(preparedGet)) / GETS);
    times.sqhGet.push((await seconds(sqhGet)) / GETS);
    times.rawList.push((await seconds(rawList)) / LISTS);
    times.preparedList.push((await seconds(preparedList)) / LISTS);
    times.sqhList.push((await seconds(sqhList)) / LISTS);
  }
  const micros = (values: number[]) => median(values) * 1e6;
  const line = (label: string, raw: number[], prepared: number[], viaSqh: number[]) => {
    const ratio = micros(viaSqh) / micros(raw);
    console.log(
      `${label.padEnd(32)} raw ${micros(raw).toFixed(0).padStart(4)} µs  raw prepared ${micros(prepared).toFixed(0).padStart(4)} µs  ` +
        `sqh ${micros(viaSqh).toFixed(0).padStart(4)} µs  ratio ${ratio.toFixed(2)} (${ratio <= 1.2 ? 'met' : 'MISSED'}), ` +
        `vs prepared ${(micros(viaSqh) / micros(prepared)).toFixed(2)}`,
    );
  };
  console.log(`${ROWS.toLocaleString('en')} rows, median of ${ROUNDS} rounds (target: sqh / raw <= 1.20)`);
  line('get by id', times.rawGet, times.preparedGet, times.sqhGet);
  line('list: filter + order + limit 50', times.rawList, times.preparedList, times.sqhList);
} finally {
  await env.close();
}
