import { randomBytes } from 'node:crypto';
import { quoteIdentifier, tableMapping } from '@sqh/backend-pg';
import { defineModel, type FilterInput, StorageConfig } from '@sqh/core';
import { z } from 'zod';
import { median, seconds, withSpread } from './pg-bench-support.js';
import { openQueryBench, seed } from './query-pg-bench-support.js';

// joinShared: tenant annotations joined with shared reference stations, through
// postgres_fdw and through the application-level join, against the same join
// written by hand over the same foreign table with raw `pg`. Two shapes: a
// selective filter on the shared side (one water body of 20), and every row.
// Rounds rotate the three paths; ratios are per round: median (min–max).

const ANNOTATIONS = 200_000;
const STATIONS = 5_000;
const ROUNDS = 7;

const Station = defineModel({
  group: 'bench',
  name: 'BenchWaterQualityStation',
  storage: StorageConfig.postgresql({
    shared: true,
    tableName: `bench_${randomBytes(4).toString('hex')}_station`,
  }),
  schema: z.object({ station_code: z.string(), name: z.string(), water_body: z.string() }),
});
const Annotation = defineModel({
  group: 'bench',
  name: 'BenchSampleAnnotation',
  storage: StorageConfig.postgresql({ highVolume: true }),
  schema: z.object({ station_id: z.string(), tenant_notes: z.string(), score: z.number() }),
  relations: { station_id: 'BenchWaterQualityStation' },
});

const env = await openQueryBench([Station, Annotation]);
const stationTable = tableMapping(Station).table;
const shared = await env.manager.ensureSharedDatabaseExists();
const sharedRaw = env.rawPool(shared.database);
try {
  const stations = await env.sqh.records.batchCreate(
    null,
    'bench',
    'BenchWaterQualityStation',
    Array.from({ length: STATIONS }, (_, n) => ({
      station_code: `WQ${n}`,
      name: `Station ${n}`,
      water_body: `Body ${n % 20}`,
    })),
  );
  const ids = stations.records.map((record) => record.id);
  await seed('annotations', ANNOTATIONS, 100_000, (from, count) =>
    env.sqh.records.batchCreate(
      env.tenantId,
      'bench',
      'BenchSampleAnnotation',
      Array.from({ length: count }, (_, i) => ({
        station_id: ids[(from + i) % STATIONS] as string,
        tenant_notes: `note ${from + i}`,
        score: (from + i) % 97,
      })),
      { returning: false },
    ),
  );
  const base = {
    tenantModel: 'bench/BenchSampleAnnotation',
    sharedModel: 'bench/BenchWaterQualityStation',
    joinOn: 'station_id',
    select: ['station.name', 'annotation.tenant_notes'],
    limit: 100_000,
  } as const;
  // Creates the foreign table the raw baseline also reads.
  await env.query.joinShared(env.tenantId, { ...base, strategy: 'fdw', limit: 1 });
  const raw = env.rawPool(env.manager.databaseName(env.tenantId));
  await raw.query('ANALYZE bench_sample_annotation');
  const foreign = `${quoteIdentifier(`sqh_fdw_${shared.database}`)}.${quoteIdentifier(stationTable)}`;

  const shapes: { label: string; filters: Record<string, FilterInput>; sql: string; values: unknown[] }[] = [
    {
      label: 'one water body (5%)',
      filters: { station: { water_body: 'Body 3' } },
      sql: `SELECT s.name AS "station.name", a.tenant_notes AS "annotation.tenant_notes"
              FROM bench_sample_annotation a JOIN ${foreign} s ON a.station_id = s.id
             WHERE s.water_body = $1 ORDER BY a.id, s.id LIMIT 100000`,
      values: ['Body 3'],
    },
    {
      label: 'every row (limit 100,000)',
      filters: {},
      sql: `SELECT s.name AS "station.name", a.tenant_notes AS "annotation.tenant_notes"
              FROM bench_sample_annotation a JOIN ${foreign} s ON a.station_id = s.id
             ORDER BY a.id, s.id LIMIT 100000`,
      values: [],
    },
  ];
  console.log(
    `${ANNOTATIONS.toLocaleString('en')} tenant annotations x ${STATIONS.toLocaleString('en')} shared stations, ${ROUNDS} rounds`,
  );
  for (const shape of shapes) {
    const paths = {
      raw: () => raw.query(shape.sql, shape.values),
      fdw: () => env.query.joinShared(env.tenantId, { ...base, filters: shape.filters, strategy: 'fdw' }),
      application: () =>
        env.query.joinShared(env.tenantId, { ...base, filters: shape.filters, strategy: 'application' }),
    } as const;
    const expected = (await paths.raw()).rows.length;
    for (const name of ['fdw', 'application'] as const) {
      if ((await paths[name]()).length !== expected)
        throw new Error(`${name} and raw disagree on ${shape.label}`);
    }
    const order = ['raw', 'fdw', 'application'] as const;
    const times = { raw: [] as number[], fdw: [] as number[], application: [] as number[] };
    const fdwRatios: number[] = [];
    const appRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const spent = { raw: 0, fdw: 0, application: 0 };
      for (let step = 0; step < order.length; step++) {
        const name = order[(round + step) % order.length] as (typeof order)[number];
        spent[name] = await seconds(paths[name]);
      }
      for (const name of order) times[name].push(spent[name] * 1e3);
      fdwRatios.push(spent.fdw / spent.raw);
      appRatios.push(spent.application / spent.raw);
    }
    console.log(
      `${shape.label.padEnd(26)} ${expected.toLocaleString('en').padStart(7)} rows  raw ${median(times.raw).toFixed(0)} ms  ` +
        `fdw ${median(times.fdw).toFixed(0)} ms (${withSpread(fdwRatios)} x raw)  ` +
        `application ${median(times.application).toFixed(0)} ms (${withSpread(appRatios)} x raw)`,
    );
  }
} finally {
  await sharedRaw.query(`DROP TABLE IF EXISTS ${quoteIdentifier(stationTable)}`);
  await env.close();
}
