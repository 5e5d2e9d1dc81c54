import {
  GROUP,
  type LabRow,
  MODEL,
  median,
  openBenchEnvironment,
  rawCopy,
  TABLE,
  withSpread,
} from './pg-bench-support.js';

// sqh.records.import of generated lab-result rows (a generator: nothing is held
// in memory) against raw COPY of the same rows streamed by hand, in
// alternating rounds on an emptied table. Reports rows/s as a ratio to raw per
// round, and the peak RSS growth of each path over the RSS before it started.
// 1,000,000 rows by default; SQH_PG_BENCH_IMPORT_ROWS=10000000 for the full
// 10M-row run (SQH_PG_BENCH_IMPORT_ROUNDS for the rounds).
// Targets: import >= 0.85 x raw COPY; peak RSS growth < 150 MB.

const ROWS = Number(process.env.SQH_PG_BENCH_IMPORT_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.SQH_PG_BENCH_IMPORT_ROUNDS ?? 3);
const TARGET = 0.85;
const RSS_TARGET_MB = 150;
const TEST_TYPES = ['ph', 'turbidity', 'chlorine', 'nitrate', 'lead', 'coliform', 'hardness', 'iron'];
const START = Date.UTC(2024, 0, 1);

function labRow(n: number): LabRow {
  return {
    id: `r${String(n).padStart(8, '0')}`,
    station_code: `ST${n % 500}`,
    test_type: TEST_TYPES[n % TEST_TYPES.length]!,
    value: (n % 1400) / 100,
    valid: n % 7 !== 0,
    created_at: new Date(START + n * 60_000),
    tags: n % 3 === 0 ? ['routine', 'field'] : ['routine'],
  };
}

function* generatedRows(count: number): Generator<LabRow> {
  for (let n = 0; n < count; n++) yield labRow(n);
}

/** Runs `work`, sampling RSS every 20 ms; returns seconds and the peak growth in MB. */
async function measured(work: () => Promise<unknown>): Promise<{ seconds: number; rssGrowthMb: number }> {
  global.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const start = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - start) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, rssGrowthMb: (peak - before) / 1_048_576 };
}

const env = await openBenchEnvironment();
try {
  const truncate = () => env.raw.query(`TRUNCATE ${TABLE}`);
  const raw = () => rawCopy(env, generatedRows(ROWS));
  let progressEvents = 0;
  const viaImport = () =>
    env.sqh.records.import(env.tenantId, GROUP, MODEL, generatedRows(ROWS), {
      onProgress: () => {
        progressEvents++;
      },
    });

  // Warm-up on a slice: JIT, connections, table.
  await env.sqh.records.import(env.tenantId, GROUP, MODEL, generatedRows(Math.min(ROWS, 50_000)));
  await truncate();

  const rawRuns: { seconds: number; rssGrowthMb: number }[] = [];
  const importRuns: { seconds: number; rssGrowthMb: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first, so a trend in machine load does not favour one side.
    const order = round % 2 === 0 ? (['raw', 'import'] as const) : (['import', 'raw'] as const);
    for (const path of order) {
      await truncate();
      if (path === 'raw') rawRuns.push(await measured(raw));
      else importRuns.push(await measured(viaImport));
    }
  }
  const { rows: counted } = await env.raw.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE}`);
  if (Number(counted[0]?.n) !== ROWS) throw new Error(`expected ${ROWS} rows, found ${counted[0]?.n}`);

  const ratios = importRuns.map((run, at) => rawRuns[at]!.seconds / run.seconds);
  const rate = (runs: { seconds: number }[]) => Math.round(ROWS / median(runs.map((run) => run.seconds)));
  const peakGrowth = (runs: { rssGrowthMb: number }[]) => Math.max(...runs.map((run) => run.rssGrowthMb));
  console.log(
    `${ROWS.toLocaleString('en')} generated rows, ${ROUNDS} alternating rounds; ratios per round: median (min–max)`,
  );
  console.log(
    `raw COPY (pg-copy-streams)     ${rate(rawRuns).toLocaleString('en').padStart(9)} rows/s  peak RSS growth ${peakGrowth(rawRuns).toFixed(0)} MB`,
  );
  console.log(
    `sqh.records.import (atomic)    ${rate(importRuns).toLocaleString('en').padStart(9)} rows/s  peak RSS growth ${peakGrowth(importRuns).toFixed(0)} MB` +
      `  (${progressEvents} progress events)`,
  );
  console.log(
    `import / raw COPY ${withSpread(ratios)}  target >= ${TARGET} ${median(ratios) >= TARGET ? 'met' : 'MISSED'}; ` +
      `peak RSS growth target < ${RSS_TARGET_MB} MB ${peakGrowth(importRuns) < RSS_TARGET_MB ? 'met' : 'MISSED'}`,
  );
} finally {
  await env.close();
}
