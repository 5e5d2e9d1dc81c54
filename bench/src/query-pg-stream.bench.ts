import { defineModel, StorageConfig } from '@sqh/core';
import Cursor from 'pg-cursor';
import { z } from 'zod';
import { seconds } from './pg-bench-support.js';
import { openQueryBench } from './query-pg-bench-support.js';

// Streams 1,000,000 rows through query-pg's server-side cursor, as rows
// (`stream`) and as ISON text (`streamText`), sampling the process's resident
// memory every 20 ms. Peak RSS growth over the RSS before the stream is the
// figure; a raw pg-cursor read of the same statement is the time baseline.
// Target: peak RSS growth < 100 MB for each form.

const ROWS = 1_000_000;
const RSS_TARGET_MB = 100;

const Reading = defineModel({
  group: 'bench',
  name: 'StreamReading',
  storage: StorageConfig.postgresql({ highVolume: true }),
  schema: z.object({ station_code: z.string(), value: z.number(), taken_at: z.date(), note: z.string() }),
});

const env = await openQueryBench([Reading]);

/** Runs `work`, sampling RSS; returns seconds and the peak growth in MB over the RSS at the start. */
async function measured(
  work: () => Promise<number>,
): Promise<{ seconds: number; beforeMb: number; peakMb: number; count: number }> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let count = 0;
  const spent = await seconds(async () => {
    count = await work();
  });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds: spent, beforeMb: before / 2 ** 20, peakMb: (peak - before) / 2 ** 20, count };
}

try {
  // Seeded by the server itself, so this process's RSS before the stream is not inflated by seed rows.
  await env.sqh.records.count(env.tenantId, 'bench', 'StreamReading');
  const seeder = env.rawPool(env.manager.databaseName(env.tenantId));
  await seeder.query(
    `INSERT INTO stream_reading (id, station_code, value, taken_at, note)
     SELECT 'r' || lpad(n::text, 7, '0'), 'ST' || (n % 500), (n % 1400) / 100.0,
            timestamptz '2025-01-01 00:00Z' + n * interval '31 seconds', 'reading number ' || n || ' of the bench'
       FROM generate_series(0, $1::int - 1) AS n`,
    [ROWS],
  );
  const raw = env.rawPool(env.manager.databaseName(env.tenantId));
  await raw.query('VACUUM ANALYZE stream_reading');

  const rawRun = await measured(async () => {
    const client = await raw.connect();
    try {
      const cursor = client.query(
        new Cursor('SELECT id, station_code, value, taken_at, note FROM stream_reading ORDER BY id'),
      );
      let count = 0;
      for (let rows = await cursor.read(1000); rows.length > 0; rows = await cursor.read(1000))
        count += rows.length;
      await cursor.close();
      return count;
    } finally {
      client.release();
    }
  });
  const rowsRun = await measured(async () => {
    let count = 0;
    for await (const _row of env.query.stream(
      env.tenantId,
      'bench',
      'StreamReading',
      {},
      { timeoutMs: 600_000 },
    ))
      count++;
    return count;
  });
  const isonRun = await measured(async () => {
    let characters = 0;
    for await (const chunk of env.query.streamText(
      env.tenantId,
      'bench',
      'StreamReading',
      {},
      { outputFormat: 'ison', timeoutMs: 600_000 },
    )) {
      characters += chunk.length;
    }
    return characters;
  });
  if (rowsRun.count !== ROWS || rawRun.count !== ROWS) throw new Error('a stream lost rows');
  console.log(
    `${ROWS.toLocaleString('en')} rows, peak RSS growth sampled every 20 ms over the RSS when it starts`,
  );
  for (const [label, run] of [
    ['raw pg-cursor', rawRun],
    ['stream() rows', rowsRun],
    ['streamText() ISON', isonRun],
  ] as const) {
    const verdict =
      label === 'raw pg-cursor'
        ? ''
        : `target < ${RSS_TARGET_MB} MB ${run.peakMb < RSS_TARGET_MB ? 'met' : 'MISSED'}`;
    console.log(
      `${label.padEnd(18)} ${run.seconds.toFixed(1).padStart(5)} s  time / raw ${(run.seconds / rawRun.seconds).toFixed(2)}  ` +
        `RSS at start ${run.beforeMb.toFixed(0).padStart(4)} MB, peak growth ${run.peakMb.toFixed(0).padStart(4)} MB  ${verdict}`,
    );
  }
  console.log(`ISON document: ${(isonRun.count / 2 ** 20).toFixed(0)} MB of text, never held at once`);
} finally {
  await env.close();
}
