import { ConfigurationError, defineModel, StorageConfig } from '@sqh/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { columnTypeOf, defaultTableName, tableMapping } from '../src/index.js';
import { createTableStatement } from '../src/table-mapping.js';

const labResult = defineModel({
  group: 'lab',
  name: 'AppLabResult',
  storage: StorageConfig.postgresql(),
  schema: z.object({
    station_code: z.string().max(12),
    test_type: z.string(),
    small: z.number().int().min(0).max(1000),
    count32: z.int32(),
    big: z.number().int(),
    value: z.number(),
    valid: z.boolean(),
    created_at: z.date(),
    unit: z.enum(['mg/L', 'pH']),
    tags: z.array(z.string()),
    labels: z.set(z.enum(['raw', 'checked'])),
    details: z.object({ note: z.string() }),
    comment: z.string().optional(),
    reviewed_at: z.date().nullable(),
  }),
});

const typeOf = (name: string) => tableMapping(labResult).column(name).type;

describe('table mapping', () => {
  it('derives the table name from the model name in snake case', () => {
    expect(tableMapping(labResult).table).toBe('app_lab_result');
    expect(defaultTableName('HTTPServerLog')).toBe('http_server_log');
    expect(defaultTableName('Sample2Result')).toBe('sample2_result');
  });

  it('uses storage.tableName when the model gives one', () => {
    const model = defineModel({
      group: 'lab',
      name: 'AppLabResult',
      storage: StorageConfig.postgresql({ tableName: 'results_v2' }),
      schema: z.object({ a: z.string() }),
    });
    expect(tableMapping(model).table).toBe('results_v2');
  });

  it('maps an unbounded string to TEXT and a bounded one to VARCHAR(n)', () => {
    expect(typeOf('test_type')).toBe('TEXT');
    expect(typeOf('station_code')).toBe('VARCHAR(12)');
  });

  it('maps integers to INTEGER when the declared range fits 32 bits, else BIGINT', () => {
    expect(typeOf('small')).toBe('INTEGER');
    expect(typeOf('count32')).toBe('INTEGER');
    expect(typeOf('big')).toBe('BIGINT');
    expect(tableMapping(labResult).bigintColumns).toStrictEqual(['big']);
  });

  it('maps number, boolean and date to DOUBLE PRECISION, BOOLEAN and TIMESTAMPTZ', () => {
    expect(typeOf('value')).toBe('DOUBLE PRECISION');
    expect(typeOf('valid')).toBe('BOOLEAN');
    expect(typeOf('created_at')).toBe('TIMESTAMPTZ');
  });

  it('maps string arrays and sets to TEXT[] and nested objects to JSONB', () => {
    expect(typeOf('tags')).toBe('TEXT[]');
    expect(typeOf('labels')).toBe('TEXT[]');
    expect(typeOf('details')).toBe('JSONB');
  });

  it('maps an enum to TEXT with a CHECK on its values, and an enum set to TEXT[] checked element-wise', () => {
    expect(typeOf('unit')).toBe('TEXT');
    const ddl = createTableStatement(tableMapping(labResult));
    expect(ddl).toMatch(/CHECK \("unit" = ANY \(ARRAY\['mg\/L', 'pH'\]::text\[\]\)\)/);
    expect(ddl).toMatch(/CHECK \("labels" <@ ARRAY\['raw', 'checked'\]::text\[\]\)/);
  });

  it('makes required fields NOT NULL and optional or nullable fields nullable', () => {
    const mapping = tableMapping(labResult);
    expect(mapping.column('test_type').nullable).toBe(false);
    expect(mapping.column('comment').nullable).toBe(true);
    expect(mapping.column('reviewed_at').nullable).toBe(true);
    const ddl = createTableStatement(mapping);
    expect(ddl).toContain('"test_type" TEXT COLLATE "C" NOT NULL');
    expect(ddl).toContain('"comment" TEXT COLLATE "C",');
  });

  it('starts with a text id primary key', () => {
    const mapping = tableMapping(labResult);
    expect(mapping.columns[0]).toMatchObject({ name: 'id', type: 'TEXT', nullable: false });
    expect(mapping.primaryKey).toStrictEqual(['id']);
    expect(createTableStatement(mapping)).toContain('PRIMARY KEY ("id")');
  });

  it('puts the partition key in the primary key of a partitioned table', () => {
    const model = defineModel({
      group: 'lab',
      name: 'Reading',
      storage: StorageConfig.postgresql({ partitionBy: 'taken_at' }),
      schema: z.object({ taken_at: z.date(), value: z.number() }),
    });
    const mapping = tableMapping(model);
    expect(mapping.primaryKey).toStrictEqual(['id', 'taken_at']);
    expect(mapping.partition).toStrictEqual({ column: 'taken_at', interval: 'month' });
    expect(createTableStatement(mapping)).toMatch(
      /PRIMARY KEY \("id", "taken_at"\)\n\) PARTITION BY RANGE \("taken_at"\)$/,
    );
  });

  it('gives string fields trigram search indexes, except on high-volume models', () => {
    expect(tableMapping(labResult).trigramColumns).toStrictEqual(['station_code', 'test_type', 'comment']);
    const bulk = defineModel({
      group: 'lab',
      name: 'Bulk',
      storage: StorageConfig.postgresql({ highVolume: true }),
      schema: z.object({ a: z.string() }),
    });
    expect(tableMapping(bulk).trigramColumns).toStrictEqual([]);
  });

  it('quotes every identifier, so reserved words are usable as field names', () => {
    const model = defineModel({
      group: 'lab',
      name: 'Order',
      storage: StorageConfig.postgresql(),
      schema: z.object({ select: z.string(), group: z.number(), user: z.boolean() }),
    });
    const ddl = createTableStatement(tableMapping(model));
    expect(ddl).toContain('CREATE TABLE IF NOT EXISTS "order"');
    expect(ddl).toContain('"select" TEXT');
    expect(ddl).toContain('"group" DOUBLE PRECISION');
  });

  it('refuses a derived table name longer than PostgreSQL allows', () => {
    const model = defineModel({
      group: 'lab',
      name: `A${'BcDeFgHiJk'.repeat(6)}`,
      storage: StorageConfig.postgresql(),
      schema: z.object({ a: z.string() }),
    });
    expect(() => tableMapping(model)).toThrow(ConfigurationError);
  });

  it('maps a string longer than VARCHAR allows to TEXT', () => {
    expect(
      columnTypeOf({
        name: 'a',
        kind: 'string',
        optional: false,
        nullable: false,
        hasDefault: false,
        maxLength: 20_000_000,
      }),
    ).toBe('TEXT');
  });
});
