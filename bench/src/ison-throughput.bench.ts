import { encode, encodeStream } from '@sqh/ison';
import { seededRandom } from './seeded-random.js';

// Encode throughput of ISON against JSON.stringify on the same rows. Both are
// credited with the same input volume (the rows' compact JSON size), so the
// MB/s ratio is the ratio of encode times. Target: ISON >= 0.5 x JSON.

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

async function elapsedMs(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function drain(chunks: AsyncIterable<string>): Promise<void> {
  for await (const _chunk of chunks);
}

const datasets = [
  { name: 'lab_results', rows: labResults(50_000) },
  { name: 'wide_30_columns', rows: wideRows(15_000) },
];

const mb = (bytes: number) => bytes / 1_048_576;
const ROUNDS = 9;
console.log(
  `Encode throughput: median of ${ROUNDS} interleaved runs after 3 warm-ups; MB = compact JSON size of the rows`,
);
for (const { name, rows } of datasets) {
  const volume = mb(Buffer.byteLength(JSON.stringify(rows)));
  const isonSize = mb(Buffer.byteLength(encode(rows, { name })));
  const contenders = {
    json: () => JSON.stringify(rows),
    ison: () => encode(rows, { name }),
    stream: () => drain(encodeStream(rows, { name })),
  };
  const times = { json: [] as number[], ison: [] as number[], stream: [] as number[] };
  for (let round = 0; round < ROUNDS + 3; round++) {
    // Interleaved, so a noisy moment on a shared machine hits all three alike.
    for (const contender of ['json', 'ison', 'stream'] as const) {
      const ms = await elapsedMs(contenders[contender]);
      if (round >= 3) times[contender].push(ms);
    }
  }
  const [jsonMs, isonMs, streamMs] = [median(times.json), median(times.ison), median(times.stream)];
  const rate = (ms: number) => `${(volume / (ms / 1000)).toFixed(1).padStart(6)} MB/s`;
  console.log(
    `${name}: ${rows.length} rows, ${volume.toFixed(1)} MB as JSON, ${isonSize.toFixed(1)} MB as ISON`,
  );
  console.log(`  JSON.stringify      ${jsonMs.toFixed(1).padStart(7)} ms  ${rate(jsonMs)}`);
  console.log(`  ISON encode         ${isonMs.toFixed(1).padStart(7)} ms  ${rate(isonMs)}`);
  console.log(`  ISON encodeStream   ${streamMs.toFixed(1).padStart(7)} ms  ${rate(streamMs)}`);
  console.log(
    `  throughput ratio ISON/JSON: ${(jsonMs / isonMs).toFixed(2)} (target >= 0.50); ` +
      `streaming/JSON: ${(jsonMs / streamMs).toFixed(2)}`,
  );
}
