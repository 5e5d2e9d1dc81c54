import { defineModel, StorageConfig } from '@sqh/core';
import { z } from 'zod';
import { median, seconds, withSpread } from './pg-bench-support.js';
import { openQueryBench, seed } from './query-pg-bench-support.js';

// aggregate over 1,000,000 lab results (monthly partitions) against the same
// SQL written by hand and run through raw `pg`: GROUP BY test type and month,
// COUNT(*) and AVG(value), with and without a one-month filter that prunes
// partitions. Each round runs both in a rotating order; the ratio is per round.
// Target: aggregate / raw <= 1.05.

const ROWS = 1_000_000;
const TARGET = 1.05;
const TYPES = ['ph', 'turbidity', 'chlorine', 'nitrate', 'lead', 'coliform', 'hardness', 'iron'] as const;

const LabResult = defineModel({
  group: 'bench',
  name: 'AggLabResult',
  storage: StorageConfig.postgresql({ partitionBy: 'created_at', highVolume: true }),
  schema: z.object({
    station_code: z.string(),
    test_type: z.enum(TYPES),
    value: z.number(),
    created_at: z.date(),
  }),
});

const env = await openQueryBench([LabResult]);
try {
  await seed('lab results', ROWS, 100_000, (from, count) =>
    env.sqh.records.batchCreate(
      env.tenantId,
      'bench',
      'AggLabResult',
      Array.from({ length: count }, (_, i) => {
        const n = from + i;
        return {
          station_code: `ST${n % 500}`,
          test_type: TYPES[n % TYPES.length],
          value: (n % 1400) / 100,
          created_at: new Date(Date.UTC(2025, 0, 1) + n * 31_000),
        };
      }),
      { returning: false },
    ),
  );
  const raw = env.rawPool(env.manager.databaseName(env.tenantId));
  await raw.query('VACUUM ANALYZE agg_lab_result');

  const cases = [
    {
      label: 'all rows: test_type x month',
      rounds: 9,
      calls: 1,
      spec: {
        groupBy: ['test_type', 'month'],
        metrics: { count: 'COUNT(*)', avg_value: 'AVG(value)' },
        limit: 100_000,
      },
      sql: `SELECT test_type, date_trunc('month', created_at, 'UTC') AS month, count(*) AS count, avg(value)::float8 AS avg_value
              FROM agg_lab_result GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 100000`,
      values: [] as unknown[],
    },
    {
      label: 'one month (pruned): station',
      rounds: 21,
      calls: 5,
      spec: {
        groupBy: ['station_code'],
        metrics: { count: 'COUNT(*)', avg_value: 'AVG(value)' },
        filters: { created_at: { $gte: new Date('2025-03-01Z'), $lt: new Date('2025-04-01Z') } },
        limit: 100_000,
      },
      sql: `SELECT station_code, count(*) AS count, avg(value)::float8 AS avg_value FROM agg_lab_result
             WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1 LIMIT 100000`,
      values: [new Date('2025-03-01Z'), new Date('2025-04-01Z')] as unknown[],
    },
  ] as const;

  console.log(`${ROWS.toLocaleString('en')} rows; ratio per round: median (min–max)`);
  for (const { label, rounds, calls, spec, sql, values } of cases) {
    const run = {
      sqh: () => env.query.aggregate(env.tenantId, 'bench', 'AggLabResult', spec),
      raw: () => raw.query(sql, [...values]),
    };
    const [mine, theirs] = [await run.sqh(), (await run.raw()).rows];
    if (mine.length !== theirs.length) throw new Error(`${label}: aggregate and raw SQL disagree`);
    const times = { sqh: [] as number[], raw: [] as number[] };
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const spent = { sqh: 0, raw: 0 };
      // Call by call, alternating which goes first, so load swings hit both alike.
      for (let call = 0; call < calls; call++) {
        const order = (round + call) % 2 === 0 ? (['sqh', 'raw'] as const) : (['raw', 'sqh'] as const);
        for (const name of order) spent[name] += await seconds(run[name]);
      }
      times.sqh.push((spent.sqh / calls) * 1e3);
      times.raw.push((spent.raw / calls) * 1e3);
      ratios.push(spent.sqh / spent.raw);
    }
    const ratio = median(ratios);
    console.log(
      `${label.padEnd(30)} ${rounds} rounds x ${calls}  raw ${median(times.raw).toFixed(0).padStart(5)} ms  aggregate ${median(times.sqh).toFixed(0).padStart(5)} ms  ` +
        `aggregate / raw ${withSpread(ratios)}  target <= ${TARGET.toFixed(2)} ${ratio <= TARGET ? 'met' : 'MISSED'}`,
    );
  }
} finally {
  await env.close();
}
