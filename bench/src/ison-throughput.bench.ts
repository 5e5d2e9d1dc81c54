import { encode, encodeStream } from '@sqh/ison';
import { seededRandom } from './seeded-random.js';

// Encode throughput of ISON against JSON.stringify on the same rows. Both are
// credited with the same input volume (the rows' compact JSON size), so the
// MB/s ratio is the ratio of encode times, taken per round (the contenders run
// interleaved) and printed as median (min–max). Encoding is synchronous, so the
// process CPU time of each encode is shown too: on a shared machine it is far
// less disturbed by other processes than wall time.
// Targets: ISON >= 0.90 x JSON on lab results, >= 0.70 on the wide numeric set.

type Row = Record<string, string | number | boolean | Date | null>;

function labResults(count: number): Row[] {
  const next = seededRandom(11);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return Array.from({ length: count }, (_, index) => ({
    id: 100_000 + index,
    patient_id: `P${10_000 + Math.floor(next() * 90_000)}`,
    test_name: pick(['Hemoglobin A1c', 'LDL cholesterol', 'C-reactive protein', 'TSH']),
    value: Math.round(next() * 2000) / 10,
    unit: pick(['%', 'mg/dL', 'mg/L', 'mIU/L']),
    flagged: next() < 0.2,
    collected_at: new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 525_600) * 60_000),
    note: next() < 0.7 ? null : 'repeat sample requested',
  }));
}

function wideRows(count: number): Row[] {
  const next = seededRandom(12);
  return Array.from({ length: count }, (_, index) => {
    const row: Row = { sku: `SKU-${10_000 + index}` };
    for (let column = 1; column < 30; column++) {
      const name = `metric_${String(column).padStart(2, '0')}`;
      row[name] =
        column % 5 === 0
          ? `region ${Math.floor(next() * 9)}`
          : column % 3 === 0
            ? next() < 0.5
            : Math.round(next() * 1e6) / 100;
    }
    return row;
  });
}

interface Spent {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function spent(run: () => unknown): Promise<Spent> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

function median(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function withSpread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(sorted).toFixed(2)} (${sorted[0]!.toFixed(2)}–${sorted[sorted.length - 1]!.toFixed(2)})`;
}

async function drain(chunks: AsyncIterable<string>): Promise<void> {
  for await (const _chunk of chunks);
}

const datasets = [
  { name: 'lab_results', rows: labResults(50_000), target: 0.9 },
  { name: 'wide_30_columns', rows: wideRows(15_000), target: 0.7 },
];

const mb = (bytes: number) => bytes / 1_048_576;
const ROUNDS = 9;
console.log(
  `Encode throughput: median of ${ROUNDS} interleaved runs after 3 warm-ups; MB = compact JSON size of the rows`,
);
for (const { name, rows, target } of datasets) {
  const volume = mb(Buffer.byteLength(JSON.stringify(rows)));
  const isonSize = mb(Buffer.byteLength(encode(rows, { name })));
  const contenders = {
    json: () => JSON.stringify(rows),
    ison: () => encode(rows, { name }),
    stream: () => drain(encodeStream(rows, { name })),
  };
  const times = { json: [] as Spent[], ison: [] as Spent[], stream: [] as Spent[] };
  for (let round = 0; round < ROUNDS + 3; round++) {
    // Interleaved, so a noisy moment on a shared machine hits all three alike.
    for (const contender of ['json', 'ison', 'stream'] as const) {
      const used = await spent(contenders[contender]);
      if (round >= 3) times[contender].push(used);
    }
  }
  const wall = (which: Spent[]) => median(which.map((t) => t.wallMs));
  const ratios = (of: Spent[], by: 'wallMs' | 'cpuMs') => of.map((t, at) => times.json[at]![by] / t[by]);
  const rate = (ms: number) => `${(volume / (ms / 1000)).toFixed(1).padStart(6)} MB/s`;
  const isonWall = median(ratios(times.ison, 'wallMs'));
  console.log(
    `${name}: ${rows.length} rows, ${volume.toFixed(1)} MB as JSON, ${isonSize.toFixed(1)} MB as ISON`,
  );
  console.log(
    `  JSON.stringify      ${wall(times.json).toFixed(1).padStart(7)} ms  ${rate(wall(times.json))}`,
  );
  console.log(
    `  ISON encode         ${wall(times.ison).toFixed(1).padStart(7)} ms  ${rate(wall(times.ison))}`,
  );
  console.log(
    `  ISON encodeStream   ${wall(times.stream).toFixed(1).padStart(7)} ms  ${rate(wall(times.stream))}`,
  );
  console.log(
    `  throughput ISON / JSON: wall ${withSpread(ratios(times.ison, 'wallMs'))}, CPU ${withSpread(ratios(times.ison, 'cpuMs'))}` +
      `  target >= ${target.toFixed(2)} ${isonWall >= target ? 'met' : 'MISSED'} (wall)`,
  );
  console.log(
    `  throughput streaming / JSON: wall ${withSpread(ratios(times.stream, 'wallMs'))}, CPU ${withSpread(ratios(times.stream, 'cpuMs'))}`,
  );
}
