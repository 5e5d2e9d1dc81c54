import {
  GROUP,
  labRows,
  MODEL,
  median,
  openBenchEnvironment,
  rawCopy,
  seconds,
  TABLE,
  withSpread,
} from './pg-bench-support.js';

// sqh.records.batchCreate of 200,000 lab-result rows (validation, COPY, one
// transaction) against the physical limit: the same rows streamed by hand
// through pg-copy-streams into the same table. Rounds alternate and the table
// is emptied before each, so both paths see the same conditions; ratios are
// taken per round and printed as median (min–max).
// Targets: returning: false >= 0.90 x raw COPY rows/s, returning: true >= 0.80.

const ROWS = 200_000;
const ROUNDS = 5;
const rows = labRows(ROWS);

const env = await openBenchEnvironment();
try {
  const truncate = () => env.raw.query(`TRUNCATE ${TABLE}`);
  const raw = () => rawCopy(env, rows);
  const viaSqh = () => env.sqh.records.batchCreate(env.tenantId, GROUP, MODEL, rows, { returning: false });
  const viaSqhReturning = () => env.sqh.records.batchCreate(env.tenantId, GROUP, MODEL, rows);

  // Warm-up: JIT, connections, table and statistics.
  await raw();
  await truncate();
  await viaSqh();

  const rawTimes: number[] = [];
  const sqhTimes: number[] = [];
  const returningTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await truncate();
    rawTimes.push(await seconds(raw));
    await truncate();
    sqhTimes.push(await seconds(viaSqh));
    await truncate();
    returningTimes.push(await seconds(viaSqhReturning));
  }
  const { rows: counted } = await env.raw.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE}`);
  if (Number(counted[0]?.n) !== ROWS)
    throw new Error(`expected ${ROWS} rows after the last round, found ${counted[0]?.n}`);

  const rate = (times: number[]) => ROWS / median(times);
  const ratios = (times: number[]) => times.map((time, round) => rawTimes[round]! / time);
  const report = (label: string, times: number[], target?: number) => {
    const perRound = ratios(times);
    const verdict =
      target === undefined
        ? ''
        : `  target >= ${target.toFixed(2)} ${median(perRound) >= target ? 'met' : 'MISSED'}`;
    console.log(
      `${label.padEnd(44)} ${Math.round(rate(times)).toLocaleString('en').padStart(9)} rows/s` +
        (target === undefined ? '' : `  / raw ${withSpread(perRound)}${verdict}`),
    );
  };
  console.log(`${ROWS.toLocaleString('en')} rows, ${ROUNDS} rounds; ratios per round: median (min–max)`);
  report('raw COPY (pg-copy-streams)', rawTimes);
  report('sqh.records.batchCreate (returning: false)', sqhTimes, 0.9);
  report('sqh.records.batchCreate (returning: true)', returningTimes, 0.8);
} finally {
  await env.close();
}
