import { GROUP, MODEL, median, openBenchEnvironment, TABLE, withSpread } from './pg-bench-support.js';

// Keyset paging against offset paging on a 1,000,000-row table (SQH_PG_BENCH_PAGING_ROWS
// changes the size), ordered by `-created_at` with an index on (created_at DESC, id):
// page 1,000 of 1,000-row pages read with `after` (the last record of page 999) and
// with `skip`, each as a ratio to page 1 measured interleaved in the same rounds.
// Target: keyset page 1,000 / page 1 <= 1.5; skip grows with the page number.

const ROWS = Number(process.env.SQH_PG_BENCH_PAGING_ROWS ?? 1_000_000);
const PAGE = 1_000;
const LAST_PAGE = Math.floor(ROWS / PAGE);
const ROUNDS = 7;
const CALLS = 5;
const TARGET = 1.5;

const env = await openBenchEnvironment();
try {
  // Seeded in SQL: this benchmark is about reading.
  await env.raw.query(
    `INSERT INTO ${TABLE} (id, station_code, test_type, value, valid, created_at, tags)
     SELECT 'r' || lpad(n::text, 7, '0'), 'ST' || (n % 500), 'ph', (n % 1400) / 100.0, n % 7 <> 0,
            timestamptz '2024-01-01' + n * interval '1 minute', ARRAY['routine']
       FROM generate_series(0, $1::int - 1) AS n`,
    [ROWS],
  );
  await env.raw.query(`CREATE INDEX lab_result_created ON ${TABLE} (created_at DESC, id)`);
  await env.raw.query(`VACUUM ANALYZE ${TABLE}`);

  const orderBy = ['-created_at'];
  const list = (options: { skip?: number; after?: Readonly<Record<string, unknown>> }) =>
    env.sqh.records.list(env.tenantId, GROUP, MODEL, { orderBy, limit: PAGE, ...options });
  const [cursor] = await env.sqh.records.list(env.tenantId, GROUP, MODEL, {
    orderBy,
    limit: 1,
    skip: (LAST_PAGE - 1) * PAGE - 1,
  });
  if (!cursor) throw new Error('the table is smaller than expected');
  const [byCursor, byOffset] = [await list({ after: cursor }), await list({ skip: (LAST_PAGE - 1) * PAGE })];
  if (byCursor.map((r) => r.id).join() !== byOffset.map((r) => r.id).join())
    throw new Error('keyset and offset disagree on the last page');

  const paths = {
    first: () => list({}),
    keyset: () => list({ after: cursor }),
    offset: () => list({ skip: (LAST_PAGE - 1) * PAGE }),
  } as const;
  const order = ['first', 'keyset', 'offset'] as const;
  for (const name of order) await paths[name]();
  const ms = { first: [] as number[], keyset: [] as number[], offset: [] as number[] };
  const keysetRatios: number[] = [];
  const offsetRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const spent = { first: 0, keyset: 0, offset: 0 };
    for (let call = 0; call < CALLS; call++) {
      for (let step = 0; step < order.length; step++) {
        const name = order[(call + round + step) % order.length]!;
        const start = performance.now();
        await paths[name]();
        spent[name] += performance.now() - start;
      }
    }
    for (const name of order) ms[name].push(spent[name] / CALLS);
    keysetRatios.push(spent.keyset / spent.first);
    offsetRatios.push(spent.offset / spent.first);
  }
  const keysetRatio = median(keysetRatios);
  console.log(
    `${ROWS.toLocaleString('en')} rows, pages of ${PAGE}, ${ROUNDS} rounds of ${CALLS} interleaved calls; ` +
      'ratios per round: median (min–max)',
  );
  console.log(`page 1                          ${median(ms.first).toFixed(1).padStart(8)} ms`);
  console.log(
    `page ${LAST_PAGE.toLocaleString('en')} by cursor (after)   ${median(ms.keyset).toFixed(1).padStart(8)} ms  ` +
      `/ page 1 ${withSpread(keysetRatios)}  target <= ${TARGET} ${keysetRatio <= TARGET ? 'met' : 'MISSED'}`,
  );
  console.log(
    `page ${LAST_PAGE.toLocaleString('en')} by offset (skip)    ${median(ms.offset).toFixed(1).padStart(8)} ms  ` +
      `/ page 1 ${withSpread(offsetRatios)}`,
  );
} finally {
  await env.close();
}
