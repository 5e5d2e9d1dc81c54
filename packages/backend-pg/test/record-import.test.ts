import { Readable } from 'node:stream';
import {
  ConflictError,
  defineModel,
  ImportInterruptedError,
  type ImportProgress,
  type Sqh,
  StorageConfig,
  ValidationError,
} from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPgSqh } from './support/pg-sqh.js';
import {
  dropTenantDatabases,
  queryDatabase,
  tenantDatabaseName,
  uniqueTenantId,
} from './support/test-database.js';

const reading = defineModel({
  group: 'lab',
  name: 'ImportReading',
  storage: StorageConfig.postgresql({ highVolume: true }),
  schema: z.object({ series: z.string(), n: z.number().int(), taken_at: z.date() }),
});

const monthly = defineModel({
  group: 'lab',
  name: 'ImportMonthly',
  storage: StorageConfig.postgresql({
    highVolume: true,
    partitionBy: 'taken_at',
    partitionInterval: 'month',
  }),
  schema: z.object({ series: z.string(), n: z.number().int(), taken_at: z.date() }),
});

type Row = Record<string, unknown>;

/** `count` rows of one series; `bad` maps a row number to what replaces that row. */
async function* rows(series: string, count: number, bad: Record<number, Row> = {}): AsyncGenerator<Row> {
  for (let n = 0; n < count; n++) {
    yield bad[n] ?? {
      id: `${series}-${n}`,
      series,
      n,
      taken_at: new Date(Date.UTC(2024, n % 5, 1 + (n % 27))),
    };
  }
}

describe('sqh.records.import on PostgreSQL', () => {
  const tenantId = uniqueTenantId('import');
  let sqh: Sqh;
  const stored = async (table: string, series: string) => {
    const { rows: found } = await queryDatabase<{ count: number }>(
      tenantDatabaseName(tenantId),
      `SELECT count(*)::int AS count FROM ${table} WHERE series = $1`,
      [series],
    );
    return found[0]!.count;
  };

  beforeAll(async () => {
    ({ sqh } = await createPgSqh([reading, monthly]));
  });

  afterAll(async () => {
    await sqh?.close();
    await dropTenantDatabases([tenantId]);
  });

  it('imports an async iterable in one transaction, reporting progress', async () => {
    const progress: ImportProgress[] = [];
    const result = await sqh.records.import(tenantId, 'lab', 'ImportReading', rows('a', 20_000), {
      onProgress: (event) => progress.push(event),
    });
    expect(result.count).toBe(20_000);
    expect(await stored('import_reading', 'a')).toBe(20_000);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.map((event) => event.written)).toStrictEqual(
      [...progress.map((event) => event.written)].sort((x, y) => x - y),
    );
    expect(progress.at(-1)).toStrictEqual({ written: 20_000, committed: 20_000 });
    expect(progress.slice(0, -2).every((event) => event.committed === 0)).toBe(true);
  });

  it('reads a Node object-mode stream', async () => {
    const source = Readable.from(rows('stream', 5_000));
    expect((await sqh.records.import(tenantId, 'lab', 'ImportReading', source)).count).toBe(5_000);
    expect(await stored('import_reading', 'stream')).toBe(5_000);
  });

  it('writes nothing when a row far into the source is invalid, and names that row', async () => {
    const source = rows('invalid', 12_000, { 10500: { series: 'invalid', n: 'ten', taken_at: new Date() } });
    const error = await sqh.records.import(tenantId, 'lab', 'ImportReading', source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toContainEqual(
      expect.objectContaining({ row: 10_500, path: ['n'] }),
    );
    expect((error as Error).message).toMatch(/nothing was written/);
    expect(await stored('import_reading', 'invalid')).toBe(0);
  });

  it('writes nothing when the database refuses a row (a duplicate id), and names that row', async () => {
    const source = rows('dup', 9_000, { 8200: { id: 'dup-3', series: 'dup', n: 1, taken_at: new Date() } });
    const error = await sqh.records.import(tenantId, 'lab', 'ImportReading', source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/row 8200/);
    expect(await stored('import_reading', 'dup')).toBe(0);
  });

  it('with atomic: false commits every N rows, says where it stopped, and resumes there', async () => {
    const broken = rows('resume', 7_000, { 5432: { series: 'resume', n: 'x', taken_at: new Date() } });
    const error = await sqh.records
      .import(tenantId, 'lab', 'ImportReading', broken, { atomic: false, commitEvery: 2_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect((error as ImportInterruptedError).code).toBe('VALIDATION');
    expect((error as ImportInterruptedError).committedRows).toBe(4_000);
    expect((error as Error).message).toMatch(/resumeAt: 4000/);
    expect(await stored('import_reading', 'resume')).toBe(4_000);

    const result = await sqh.records.import(tenantId, 'lab', 'ImportReading', rows('resume', 7_000), {
      atomic: false,
      commitEvery: 2_000,
      resumeAt: 4_000,
    });
    expect(result.count).toBe(3_000);
    expect(await stored('import_reading', 'resume')).toBe(7_000);
  });

  it('creates partitions inside the import transaction, and none survive a failed import', async () => {
    const partitions = async () => {
      const { rows: found } = await queryDatabase<{ count: number }>(
        tenantDatabaseName(tenantId),
        `SELECT count(*)::int AS count FROM pg_inherits WHERE inhparent = 'import_monthly'::regclass`,
      );
      return found[0]!.count;
    };
    // The table exists before the failed import, so the partition count can be read.
    await sqh.records.count(tenantId, 'lab', 'ImportMonthly');
    const broken = rows('months', 6_000, { 5000: { series: 'months', n: 'x', taken_at: new Date() } });
    await expect(sqh.records.import(tenantId, 'lab', 'ImportMonthly', broken)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await partitions()).toBe(0);

    expect((await sqh.records.import(tenantId, 'lab', 'ImportMonthly', rows('months', 6_000))).count).toBe(
      6_000,
    );
    expect(await partitions()).toBe(5);
    expect(await stored('import_monthly', 'months')).toBe(6_000);
  });

  it('keeps one id one record on a partitioned table, across batches of the stream', async () => {
    const duplicate = { id: 'twice-10', series: 'twice', n: 1, taken_at: new Date(Date.UTC(2024, 3, 3)) };
    const source = rows('twice', 6_000, { 5000: duplicate });
    const error = await sqh.records.import(tenantId, 'lab', 'ImportMonthly', source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/row 5000/);
    expect(await stored('import_monthly', 'twice')).toBe(0);
  });

  it('refuses a source that is not iterable, naming it', async () => {
    const error = await sqh.records
      .import(tenantId, 'lab', 'ImportReading', 42 as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toContainEqual(expect.objectContaining({ path: ['source'] }));
  });
});
