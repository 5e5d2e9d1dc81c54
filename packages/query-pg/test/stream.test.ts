import { encode } from '@sqh/ison';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabResult, labRows } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  PG_BACKEND,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';

const tenant = uniqueTenantId('stream');
const ROWS = 3_000;

describe('stream', () => {
  let world: QuerySqh;

  beforeAll(async () => {
    world = await createQuerySqh([LabResult]);
    await world.sqh.records.batchCreate(tenant, 'lab', 'AppLabResult', labRows(ROWS), { returning: false });
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases([tenant]);
  });

  it('yields every matching row in order through a cursor, like hand-written SQL', async () => {
    const rows = [];
    for await (const row of world.query.stream(tenant, 'lab', 'AppLabResult', {
      filters: { test_type: 'ph' },
      orderBy: ['-value'],
      select: ['id', 'station_code', 'value', 'reading', 'created_at', 'note'],
      batchSize: 97,
    })) {
      rows.push(row);
    }
    const raw = await rawQuery(
      tenantDatabase(tenant),
      `SELECT id, station_code, value, reading::int AS reading, created_at, note FROM app_lab_result
        WHERE test_type = 'ph' ORDER BY value DESC, id COLLATE "C"`,
    );
    expect(rows).toStrictEqual(raw);
    expect(rows).toHaveLength(ROWS / 3);
  });

  it('gives the connection back, outside any transaction, when the consumer stops early', async () => {
    const { manager } = world.sqh.get(PG_BACKEND);
    let seen = 0;
    for await (const _row of world.query.stream(tenant, 'lab', 'AppLabResult', { batchSize: 10 })) {
      if (++seen === 25) break;
    }
    expect(seen).toBe(25);
    const waiting = await rawQuery<{ n: number }>(
      'postgres',
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'",
      [tenantDatabase(tenant)],
    );
    expect(waiting[0]?.n).toBe(0);
    expect(manager.openConnections()).toBeLessThanOrEqual(manager.peakConnections());
    const count = await world.query.aggregate(tenant, 'lab', 'AppLabResult', { metrics: { n: 'COUNT(*)' } });
    expect(count).toStrictEqual([{ n: ROWS }]);
  });

  it('streams ISON through the streaming encoder', async () => {
    let text = '';
    for await (const chunk of world.query.streamText(
      tenant,
      'lab',
      'AppLabResult',
      { select: ['id', 'value'], filters: { reading: { $lt: 1000 } }, batchSize: 50 },
      { outputFormat: 'ison' },
    )) {
      text += chunk;
    }
    const raw = await rawQuery(
      tenantDatabase(tenant),
      'SELECT id, value FROM app_lab_result WHERE reading < 1000 ORDER BY id COLLATE "C"',
    );
    expect(raw.length).toBeGreaterThan(100);
    expect(raw.length).toBeLessThan(1000); // within the encoder's header sample: output equals encode()
    expect(text).toBe(encode(raw, { name: 'AppLabResult' }));
  });

  it('refuses unknown fields before touching the database', async () => {
    const iterate = async () => {
      for await (const _row of world.query.stream(tenant, 'lab', 'AppLabResult', { select: ['nope'] })) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
