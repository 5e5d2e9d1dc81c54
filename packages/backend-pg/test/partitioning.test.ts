import { defineModel, type PartitionInterval, type Sqh, StorageConfig } from '@sqh/core';
import { validateFilter } from '@sqh/core/spi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFilter, type PostgreSQLBackend, SqlParameters } from '../src/index.js';
import { partitionFor } from '../src/partitioning.js';
import { createPgSqh } from './support/pg-sqh.js';
import {
  dropTenantDatabases,
  queryDatabase,
  tenantDatabaseName,
  uniqueTenantId,
} from './support/test-database.js';

function readingModel(name: string, interval?: PartitionInterval) {
  return defineModel({
    group: 'lab',
    name,
    storage: StorageConfig.postgresql({
      partitionBy: 'taken_at',
      ...(interval ? { partitionInterval: interval } : {}),
    }),
    schema: z.object({ station: z.string(), taken_at: z.date(), value: z.number() }),
  });
}

const monthly = readingModel('MonthlyReading');
const daily = readingModel('DailyReading', 'day');
const at = (iso: string) => new Date(iso);

describe('partition ranges', () => {
  it('cuts months at midnight UTC on the first', () => {
    const range = partitionFor('reading', 'month', at('2024-02-29T23:59:59.999Z'));
    expect(range).toStrictEqual({
      name: 'reading_p202402',
      from: at('2024-02-01T00:00:00Z'),
      to: at('2024-03-01T00:00:00Z'),
    });
  });

  it('starts weeks on Monday', () => {
    const range = partitionFor('reading', 'week', at('2024-03-03T10:00:00Z'));
    expect(range).toStrictEqual({
      name: 'reading_p20240226',
      from: at('2024-02-26T00:00:00Z'),
      to: at('2024-03-04T00:00:00Z'),
    });
  });

  it('cuts days and years in UTC', () => {
    expect(partitionFor('reading', 'day', at('2024-12-31T23:59:59.999Z')).to).toStrictEqual(
      at('2025-01-01T00:00:00Z'),
    );
    expect(partitionFor('reading', 'year', at('2024-07-01T00:00:00Z'))).toMatchObject({
      name: 'reading_p2024',
      to: at('2025-01-01T00:00:00Z'),
    });
  });

  it('keeps years below 100 as they are', () => {
    expect(partitionFor('reading', 'year', at('0050-06-01T00:00:00Z'))).toMatchObject({
      name: 'reading_p0050',
      from: at('0050-01-01T00:00:00Z'),
    });
  });

  it('keeps a long table name within 63 bytes, unique through a hash', () => {
    const name = partitionFor('t'.repeat(63), 'day', at('2024-01-01T00:00:00Z')).name;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name.endsWith('_p20240101')).toBe(true);
  });
});

describe('partitioned tables', () => {
  const tenantId = uniqueTenantId('parts');
  let sqh: Sqh;
  let backend: PostgreSQLBackend;

  async function partitionsOf(table: string): Promise<string[]> {
    const result = await queryDatabase<{ relname: string }>(
      tenantDatabaseName(tenantId),
      'SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1) ORDER BY 1',
      [table],
    );
    return result.rows.map((row) => row.relname);
  }

  beforeAll(async () => {
    ({ sqh, backend } = await createPgSqh([monthly, daily]));
  });

  afterAll(async () => {
    await sqh?.close();
    await dropTenantDatabases([tenantId]);
  });

  it('creates the partition a single create needs', async () => {
    await sqh.records.create(tenantId, 'lab', 'MonthlyReading', {
      station: 's1',
      taken_at: at('2024-01-15T08:00:00Z'),
      value: 1,
    });
    expect(await partitionsOf('monthly_reading')).toContain('monthly_reading_p202401');
  });

  it('creates every partition a batch needs before copying it, and only those', async () => {
    const months = [
      '2023-12-31T23:59:59.999Z',
      '2024-02-10T00:00:00Z',
      '2024-03-05T00:00:00Z',
      '2024-03-20T00:00:00Z',
      '2024-04-01T00:00:00Z',
    ];
    const rows = months.map((iso, index) => ({ station: 'batch', taken_at: at(iso), value: index }));
    const result = await sqh.records.batchCreate(tenantId, 'lab', 'MonthlyReading', rows, {
      returning: false,
    });
    expect(result.count).toBe(5);
    expect(await partitionsOf('monthly_reading')).toStrictEqual([
      'monthly_reading_p202312',
      'monthly_reading_p202401',
      'monthly_reading_p202402',
      'monthly_reading_p202403',
      'monthly_reading_p202404',
    ]);
    expect(await sqh.records.count(tenantId, 'lab', 'MonthlyReading', { station: 'batch' })).toBe(5);
  });

  it('reads only the matching partition for a time-range filter (EXPLAIN shows the pruning)', async () => {
    const { engine, mapping, features } = await backend.openTable({ tenantId }, monthly);
    const params = new SqlParameters();
    const node = validateFilter(monthly, {
      taken_at: { $gte: '2024-03-01T00:00:00Z', $lt: '2024-04-01T00:00:00Z' },
    })!;
    const where = compileFilter(node, mapping, params, features);
    const plan = await engine.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON) SELECT * FROM monthly_reading WHERE ${where}`,
      params.values,
    );
    const scanned = [
      ...JSON.stringify(plan.rows[0]?.['QUERY PLAN']).matchAll(/"Relation Name":"([^"]+)"/g),
    ].map((m) => m[1]);
    expect(scanned).toStrictEqual(['monthly_reading_p202403']);
    const listed = await sqh.records.list(tenantId, 'lab', 'MonthlyReading', {
      filters: { taken_at: { $gte: '2024-03-01T00:00:00Z', $lt: '2024-04-01T00:00:00Z' } },
    });
    expect(listed.map((record) => record.value)).toStrictEqual([2, 3]);
  });

  it('moves a row to a partition it needs when an update changes the partition key', async () => {
    const created = await sqh.records.create(tenantId, 'lab', 'MonthlyReading', {
      station: 'mover',
      taken_at: at('2024-01-20T00:00:00Z'),
      value: 1,
    });
    const updated = await sqh.records.update(tenantId, 'lab', 'MonthlyReading', created.id, {
      taken_at: at('2026-06-01T00:00:00Z'),
    });
    expect(updated.taken_at).toStrictEqual(at('2026-06-01T00:00:00Z'));
    expect(await partitionsOf('monthly_reading')).toContain('monthly_reading_p202606');
    expect((await sqh.records.get(tenantId, 'lab', 'MonthlyReading', created.id))?.station).toBe('mover');
  });

  it('honours partitionInterval: day, splitting rows at midnight UTC', async () => {
    await sqh.records.batchCreate(tenantId, 'lab', 'DailyReading', [
      { station: 'd', taken_at: at('2024-05-01T23:59:59.999Z'), value: 1 },
      { station: 'd', taken_at: at('2024-05-02T00:00:00.000Z'), value: 2 },
    ]);
    expect(await partitionsOf('daily_reading')).toStrictEqual([
      'daily_reading_p20240501',
      'daily_reading_p20240502',
    ]);
  });

  it('creates a partition once when writers in two processes race for it', async () => {
    const other = await createPgSqh([monthly, daily]);
    try {
      const writes = Array.from({ length: 12 }, (_, index) =>
        (index % 2 === 0 ? sqh : other.sqh).records.create(tenantId, 'lab', 'MonthlyReading', {
          station: 'race',
          taken_at: at(`2027-0${1 + (index % 3)}-15T00:00:00Z`),
          value: index,
        }),
      );
      await Promise.all(writes);
      expect(await sqh.records.count(tenantId, 'lab', 'MonthlyReading', { station: 'race' })).toBe(12);
      expect(
        (await partitionsOf('monthly_reading')).filter((name) => name.startsWith('monthly_reading_p2027')),
      ).toHaveLength(3);
    } finally {
      await other.sqh.close();
    }
  });
});
