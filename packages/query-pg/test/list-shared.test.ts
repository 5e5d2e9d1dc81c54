import { quoteIdentifier, tableMapping } from '@sqh/backend-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createQuerySqh,
  dropTestSharedDatabase,
  PG_BACKEND,
  type QuerySqh,
  rawQuery,
} from './support/query-sqh.js';
import { sharedStationModel, stationRows } from './support/shared-data.js';

const Station = sharedStationModel();
const table = quoteIdentifier(tableMapping(Station).table);

describe('listShared', () => {
  let world: QuerySqh;
  let sharedDb: string;
  let postgis = false;
  let trigram = false;

  beforeAll(async () => {
    world = await createQuerySqh([Station]);
    const status = await world.sqh.get(PG_BACKEND).manager.ensureSharedDatabaseExists();
    sharedDb = status.database;
    postgis = status.extensions.postgis === true;
    trigram = status.extensions.pg_trgm === true;
    await world.sqh.records.batchCreate(null, 'water-quality', 'AppWaterQualityStation', stationRows(90), {
      returning: false,
    });
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTestSharedDatabase();
  });

  it("lists with the epic's filter, without a tenant, like hand-written SQL", async () => {
    const rows = await world.query.listShared('water-quality', 'AppWaterQualityStation', {
      filters: { water_body: 'Athabasca River' },
      orderBy: ['-latitude'],
      limit: 10,
    });
    const raw = await rawQuery(
      sharedDb,
      `SELECT * FROM ${table} WHERE water_body = 'Athabasca River' ORDER BY latitude DESC, id LIMIT 10`,
    );
    expect(rows).toStrictEqual(raw.map(({ id, ...rest }) => ({ id, ...rest })));
    expect(rows).toHaveLength(10);
  });

  it('finds stations near a point with PostGIS, nearest first (UNSUPPORTED naming postgis without it)', async () => {
    const near = { latitude: 56.75, longitude: -111.35, withinMeters: 5_000 };
    const listing = world.query.listShared('water-quality', 'AppWaterQualityStation', { near, limit: 100 });
    if (!postgis) {
      await expect(listing).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        message: expect.stringContaining("'postgis'"),
      });
      return;
    }
    const rows = await listing;
    const raw = await rawQuery(
      sharedDb,
      `SELECT *, ST_Distance(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography,
                             ST_SetSRID(ST_MakePoint(-111.35, 56.75), 4326)::geography) AS "distanceMeters"
         FROM ${table}
        WHERE ST_DWithin(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography,
                         ST_SetSRID(ST_MakePoint(-111.35, 56.75), 4326)::geography, 5000)
        ORDER BY 8, id`,
    );
    expect(rows).toStrictEqual(raw);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((row) => (row.distanceMeters as number) <= 5_000)).toBe(true);
  });

  it('ranks fuzzy matches by pg_trgm similarity (UNSUPPORTED naming pg_trgm without it)', async () => {
    const listing = world.query.listShared('water-quality', 'AppWaterQualityStation', {
      fuzzy: 'nitrat',
      fuzzyFields: ['parameter'],
      limit: 100,
    });
    if (!trigram) {
      await expect(listing).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        message: expect.stringContaining("'pg_trgm'"),
      });
      return;
    }
    const rows = await listing;
    const raw = await rawQuery(
      sharedDb,
      `SELECT *, similarity(parameter, 'nitrat') AS similarity FROM ${table}
        WHERE similarity(parameter, 'nitrat') >= 0.3 ORDER BY similarity DESC, id`,
    );
    expect(rows).toStrictEqual(raw);
    expect(new Set(rows.map((row) => row.parameter))).toStrictEqual(new Set(['Nitrate', 'Nitrite']));
    expect(rows[0]?.parameter).toBe('Nitrate');
  });

  it('refuses bad positions and non-text fuzzy fields', async () => {
    await expect(
      world.query.listShared('water-quality', 'AppWaterQualityStation', {
        near: { latitude: 91, longitude: 0, withinMeters: 10 },
      }),
    ).rejects.toMatchObject({ code: postgis ? 'VALIDATION' : 'UNSUPPORTED' });
    await expect(
      world.query.listShared('water-quality', 'AppWaterQualityStation', {
        fuzzy: 'x',
        fuzzyFields: ['latitude'],
      }),
    ).rejects.toMatchObject({ code: trigram ? 'VALIDATION' : 'UNSUPPORTED' });
  });
});
