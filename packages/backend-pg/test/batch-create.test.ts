import {
  type BatchProgress,
  ConflictError,
  defineModel,
  type Sqh,
  StorageConfig,
  ValidationError,
} from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { copyArrayField, escapeCopyText } from '../src/copy-text-encoding.js';
import { createPgSqh } from './support/pg-sqh.js';
import { dropTenantDatabases, uniqueTenantId } from './support/test-database.js';

const labResult = defineModel({
  group: 'lab',
  name: 'BatchLabResult',
  storage: StorageConfig.postgresql({ highVolume: true }),
  schema: z.object({
    station_code: z.string(),
    test_type: z.string(),
    value: z.number(),
    valid: z.boolean(),
    created_at: z.date(),
    tags: z.array(z.string()),
    big: z.number().int().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    unit: z.enum(['mg/L', 'pH']).optional(),
  }),
});

const row = (n: number, overrides: Record<string, unknown> = {}) => ({
  station_code: `S${n}`,
  test_type: 'ph',
  value: n / 10,
  valid: n % 2 === 0,
  created_at: new Date(Date.UTC(2024, 0, 1) + n * 1000),
  tags: ['a'],
  ...overrides,
});

describe('COPY text encoding', () => {
  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(escapeCopyText('a\\b\tc\nd\re "\'{},')).toBe('a\\\\b\\tc\\nd\\re "\'{},');
  });

  it('quotes every array element, so commas, braces, quotes and NULL stay data, then escapes for COPY', () => {
    expect(copyArrayField(['a,b', '{x}', 'say "hi"', 'back\\slash', 'NULL', '', 'tab\t'])).toBe(
      String.raw`{"a,b","{x}","say \\"hi\\"","back\\\\slash","NULL","","tab\t"}`,
    );
  });
});

describe('batchCreate through COPY', () => {
  const tenantId = uniqueTenantId('batch');
  let sqh: Sqh;
  const batch = (
    rows: readonly Record<string, unknown>[],
    options?: Parameters<Sqh['records']['batchCreate']>[4],
  ) => sqh.records.batchCreate(tenantId, 'lab', 'BatchLabResult', rows, options);
  const count = (station_code: string) =>
    sqh.records.count(tenantId, 'lab', 'BatchLabResult', { station_code });

  beforeAll(async () => {
    ({ sqh } = await createPgSqh([labResult]));
  });

  afterAll(async () => {
    await sqh?.close();
    await dropTenantDatabases([tenantId]);
  });

  it('stores values that COPY treats specially exactly as given', async () => {
    const hostile = [
      row(1, {
        station_code: 'tab\there',
        test_type: 'line\nbreak\r\nand return',
        tags: ['a,b', '{x}', 'say "hi"', 'NULL', '', '\\N'],
      }),
      row(2, {
        station_code: '\\N',
        test_type: '\\.',
        tags: [],
        details: { text: 'tab\t"quote"\\ \n', nested: [1, null, { deep: '😀' }] },
      }),
      row(3, {
        station_code: 'Grüße 水質 😀',
        test_type: "O'Brien; DROP TABLE batch_lab_result; --",
        big: Number.MAX_SAFE_INTEGER,
      }),
      row(4, { created_at: new Date('0050-06-01T12:00:00.000Z'), value: 5e-324, unit: 'mg/L' }),
      row(5, {
        created_at: new Date('0001-01-01T00:00:00.000Z'),
        value: -1.7976931348623157e308,
        big: Number.MIN_SAFE_INTEGER,
      }),
      row(6, { created_at: new Date('9999-12-31T23:59:59.999Z'), value: 1 / 3 }),
    ];
    const { records } = await batch(hostile);
    for (const [index, record] of records.entries()) {
      expect(record).toStrictEqual({ ...hostile[index], id: record.id });
      expect(await sqh.records.get(tenantId, 'lab', 'BatchLabResult', record.id)).toStrictEqual(record);
    }
  });

  it('refuses the whole batch on a duplicate of a stored id, naming the row', async () => {
    await sqh.records.create(tenantId, 'lab', 'BatchLabResult', {
      id: 'stored-id',
      ...row(0, { station_code: 'dup-stored' }),
    });
    const rows = [0, 1, 2, 3].map((n) =>
      row(n, { station_code: 'dup-batch', ...(n === 2 ? { id: 'stored-id' } : {}) }),
    );
    const error = await batch(rows).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain('row 2');
    expect(await count('dup-batch')).toBe(0);
  });

  it('refuses the whole batch on a date outside the range every backend stores, naming the row and field', async () => {
    // Valid for JavaScript, but before PostgreSQL's earliest timestamp (4713 BC): core refuses it first.
    const tooEarly = new Date('-010000-01-01T00:00:00.000Z');
    const rows = [0, 1, 2].map((n) =>
      row(n, { station_code: 'early-batch', ...(n === 1 ? { created_at: tooEarly } : {}) }),
    );
    const error = await batch(rows).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toStrictEqual([
      expect.objectContaining({ row: 1, path: ['created_at'] }),
    ]);
    expect(await count('early-batch')).toBe(0);
  });

  it('writes nothing when the last row of a large batch fails', async () => {
    const rows: Record<string, unknown>[] = Array.from({ length: 20_000 }, (_, n) =>
      row(n, { station_code: 'late-failure', id: `late-${n}` }),
    );
    rows[19_999] = { ...rows[19_999]!, id: 'late-0' };
    const error = await batch(rows, { returning: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain('row 19999');
    expect(await count('late-failure')).toBe(0);
  });

  it('reports progress while writing and the total at the end', async () => {
    const progress: BatchProgress[] = [];
    const rows = Array.from({ length: 25_000 }, (_, n) => row(n, { station_code: 'progress' }));
    await batch(rows, { returning: false, onProgress: (step) => progress.push(step) });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toStrictEqual({ written: 25_000, total: 25_000 });
    expect(progress.every((step, index) => index === 0 || step.written > progress[index - 1]!.written)).toBe(
      true,
    );
    expect(await count('progress')).toBe(25_000);
  });

  it('returns only the count with returning: false', async () => {
    expect(
      await batch([row(1, { station_code: 'silent' }), row(2, { station_code: 'silent' })], {
        returning: false,
      }),
    ).toStrictEqual({
      count: 2,
      records: [],
    });
    expect(await count('silent')).toBe(2);
  });

  it('gives rows without an id time-ordered UUIDv7 ids', async () => {
    const { records } = await batch([row(1), row(2), row(3)]);
    const ids = records.map((record) => record.id);
    expect(
      ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
    expect([...ids].sort()).toStrictEqual(ids);
  });
});
