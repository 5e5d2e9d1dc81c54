import { quoteIdentifier, tableMapping } from '@sqh/backend-pg';
import { defineModel, StorageConfig } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applicationJoin, joinFields } from '../src/join-shared.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  dropTestSharedDatabase,
  PG_BACKEND,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';
import { sharedStationModel, stationRows } from './support/shared-data.js';

const Station = sharedStationModel();
const stationTable = quoteIdentifier(tableMapping(Station).table);
const Annotation = defineModel({
  group: 'water-quality',
  name: 'AppTenantSampleAnnotation',
  storage: StorageConfig.postgresql({ highVolume: true }),
  schema: z.object({
    station_id: z.string(),
    station_code: z.string(),
    tenant_notes: z.string(),
    score: z.number(),
  }),
  relations: { station_id: 'AppWaterQualityStation' },
});

const tenant = uniqueTenantId('jsh');
const racers = [uniqueTenantId('jshr')];

describe('joinShared', () => {
  let world: QuerySqh;
  let sharedDb: string;
  let stations: Record<string, unknown>[];

  beforeAll(async () => {
    world = await createQuerySqh([Station, Annotation]);
    sharedDb = (await world.sqh.get(PG_BACKEND).manager.ensureSharedDatabaseExists()).database;
    const created = await world.sqh.records.batchCreate(
      null,
      'water-quality',
      'AppWaterQualityStation',
      stationRows(40),
    );
    stations = created.records as Record<string, unknown>[];
    for (const id of [tenant, ...racers]) {
      await world.sqh.records.batchCreate(
        id,
        'water-quality',
        'AppTenantSampleAnnotation',
        Array.from({ length: 150 }, (_, n) => ({
          station_id: n % 11 === 0 ? 'no-such-station' : (stations[n % 40]?.id as string),
          station_code: `WQ-${String(n % 50).padStart(4, '0')}`,
          tenant_notes: n % 9 === 0 ? `note'"; DROP TABLE ${stationTable}; --` : `note ${n}`,
          score: (n * 7) % 23,
        })),
        { returning: false },
      );
    }
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases([tenant, ...racers]);
    await dropTestSharedDatabase();
  });

  /** The join written by hand: raw SQL in each database, matched here. */
  async function handJoin(
    where: string,
    order: (a: Record<string, unknown>, b: Record<string, unknown>) => number,
  ) {
    const notes = await rawQuery(
      tenantDatabase(tenant),
      'SELECT id, station_id, tenant_notes, score FROM app_tenant_sample_annotation ORDER BY id COLLATE "C"',
    );
    const shared = await rawQuery(sharedDb, `SELECT id, name, water_body FROM ${stationTable} ${where}`);
    const byId = new Map(shared.map((row) => [row.id, row]));
    return notes
      .filter((note) => byId.has(note.station_id))
      .map((note) => ({ note, station: byId.get(note.station_id) as Record<string, unknown> }))
      .sort((a, b) => order(a.note, b.note) || (String(a.note.id) < String(b.note.id) ? -1 : 1))
      .map(({ note, station }) => ({
        'station.name': station.name,
        'annotation.tenant_notes': note.tenant_notes,
        'annotation.score': note.score,
      }));
  }

  it.each(['fdw', 'application'] as const)(
    "runs the epic's example as written (camelCased) with strategy %s, like the hand-written join",
    async (strategy) => {
      const rows = await world.query.joinShared(tenant, {
        tenantModel: ['water-quality', 'AppTenantSampleAnnotation'],
        sharedModel: ['water-quality', 'AppWaterQualityStation'],
        joinOn: 'station_id',
        select: ['station.name', 'annotation.tenant_notes', 'annotation.score'],
        strategy,
        limit: 1000,
      });
      expect(rows).toStrictEqual(await handJoin('', () => 0));
      expect(rows.length).toBeGreaterThan(100);
    },
  );

  it.each(['fdw', 'application'] as const)(
    'filters both sides and orders across them with strategy %s',
    async (strategy) => {
      const rows = await world.query.joinShared(tenant, {
        tenantModel: 'water-quality/AppTenantSampleAnnotation',
        sharedModel: 'water-quality/AppWaterQualityStation',
        joinOn: 'station_id',
        select: ['station.name', 'annotation.tenant_notes', 'annotation.score'],
        filters: {
          station: { water_body: { $in: ['Athabasca River', `Lac "O'Neil"; --`] } },
          annotation: { score: { $gte: 5 } },
        },
        orderBy: ['-annotation.score', 'station.name'],
        strategy,
        limit: 40,
      });
      const expected = (
        await handJoin(
          `WHERE water_body IN ('Athabasca River', 'Lac "O''Neil"; --')`,
          (a, b) => Number(b.score) - Number(a.score),
        )
      )
        .filter((row) => (row['annotation.score'] as number) >= 5)
        .sort(
          (a, b) =>
            (b['annotation.score'] as number) - (a['annotation.score'] as number) ||
            ((a['station.name'] as string) < (b['station.name'] as string)
              ? -1
              : (a['station.name'] as string) > (b['station.name'] as string)
                ? 1
                : 0),
        )
        .slice(0, 40);
      expect(rows.map((row) => [row['annotation.score'], row['station.name']])).toStrictEqual(
        expected.map((row) => [row['annotation.score'], row['station.name']]),
      );
      expect(rows).toHaveLength(40);
    },
  );

  it('gives the same rows whether the application reads a filtered shared side first or the tenant side first', async () => {
    const { backend } = world.sqh.get(PG_BACKEND);
    const tenantTable = await backend.openTable({ tenantId: tenant }, Annotation);
    const sharedTable = await backend.openTable({ tenantId: tenant }, Station);
    const on = joinFields(Annotation, Station, 'station_id');
    const sources = [
      { name: 'annotation', model: Annotation, table: tenantTable, where: undefined, type: 'inner' },
      {
        name: 'station',
        model: Station,
        table: sharedTable,
        where: { kind: 'compare', field: 'water_body', op: 'eq', value: 'Clearwater River' },
        type: 'inner',
        on: { left: { source: 0, field: on.left }, right: on.right, many: false },
      },
    ] as const;
    const spec = {
      tenantModel: 'water-quality/AppTenantSampleAnnotation',
      sharedModel: 'water-quality/AppWaterQualityStation',
      joinOn: 'station_id',
      select: ['station.name', 'annotation.tenant_notes'],
      orderBy: ['station.name'],
    };
    const run = (sharedFirstMax: number) =>
      applicationJoin(
        sources,
        tenantTable.engine,
        sharedTable.engine,
        spec,
        on,
        1000,
        { timeoutMs: 10_000 },
        sharedFirstMax,
      );
    const sharedFirst = await run(1000);
    const tenantFirst = await run(0);
    expect(tenantFirst).toStrictEqual(sharedFirst);
    const viaFdw = await world.query.joinShared(tenant, {
      ...spec,
      filters: { station: { water_body: 'Clearwater River' } },
      strategy: 'fdw',
      limit: 1000,
    });
    expect(sharedFirst).toStrictEqual(viaFdw);
    expect(sharedFirst.length).toBeGreaterThan(10);
  });

  it('gives the same rows with both strategies when ordering by a shared field', async () => {
    const spec = {
      tenantModel: 'water-quality/AppTenantSampleAnnotation',
      sharedModel: 'water-quality/AppWaterQualityStation',
      joinOn: ['station_code', 'station_code'] as const,
      select: { code: 'station.station_code', notes: 'annotation.tenant_notes', where: 'station.water_body' },
      orderBy: ['where', '-code'],
      limit: 70,
    };
    const fdw = await world.query.joinShared(tenant, { ...spec, strategy: 'fdw' });
    const application = await world.query.joinShared(tenant, { ...spec, strategy: 'application' });
    expect(application).toStrictEqual(fdw);
    expect(fdw).toHaveLength(70);
  });

  it('creates the foreign server once, race-safely, when many calls and two instances start at once', async () => {
    const other = await createQuerySqh([Station, Annotation]);
    try {
      const spec = {
        tenantModel: 'water-quality/AppTenantSampleAnnotation',
        sharedModel: 'water-quality/AppWaterQualityStation',
        joinOn: 'station_id',
        select: ['annotation.tenant_notes'],
        strategy: 'fdw' as const,
        limit: 1000,
      };
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          (n % 2 === 0 ? world : other).query.joinShared(racers[0] as string, spec),
        ),
      );
      for (const rows of results) expect(rows).toStrictEqual(results[0]);
      const servers = await rawQuery<{ n: number }>(
        tenantDatabase(racers[0] as string),
        "SELECT count(*)::int AS n FROM pg_foreign_server WHERE srvname LIKE 'sqh_fdw_%'",
      );
      expect(servers).toStrictEqual([{ n: 1 }]);
    } finally {
      await other.sqh.close();
    }
  });

  it('refuses joins that are not backed by a relation or fields of one type', async () => {
    const base = {
      tenantModel: 'water-quality/AppTenantSampleAnnotation',
      sharedModel: 'water-quality/AppWaterQualityStation',
      select: ['annotation.tenant_notes'],
    };
    await expect(world.query.joinShared(tenant, { ...base, joinOn: 'score' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      world.query.joinShared(tenant, { ...base, joinOn: ['score', 'name'] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(world.query.joinShared(tenant, { ...base, joinOn: 'nope' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      world.query.joinShared(tenant, { ...base, joinOn: 'station_id', filters: { elsewhere: {} } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
