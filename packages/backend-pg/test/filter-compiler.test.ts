import { defineModel, type FilterInput, type Sqh, StorageConfig } from '@sqh/core';
import { compareRecords, matchesFilter, validateFilter, validateOrderBy } from '@sqh/core/spi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFilter, compileOrderBy, type OpenTable, SqlParameters } from '../src/index.js';
import { createPgSqh } from './support/pg-sqh.js';
import { dropTenantDatabases, uniqueTenantId } from './support/test-database.js';

const reading = defineModel({
  group: 'lab',
  name: 'FilterReading',
  storage: StorageConfig.postgresql(),
  schema: z.object({
    name: z.string(),
    nick: z.string().nullable(),
    score: z.number().int().nullable(),
    ratio: z.number().optional(),
    active: z.boolean().nullable(),
    at: z.date().optional(),
    kind: z.enum(['alpha', 'beta', 'gamma']),
    tags: z.array(z.string()).optional(),
    code: z.string().max(3).optional(),
  }),
});

const ROWS: Record<string, unknown>[] = [
  {
    id: 'r1',
    name: 'Alpha',
    nick: 'al',
    score: 10,
    ratio: 0.5,
    active: true,
    at: new Date('2024-01-01T00:00:00Z'),
    kind: 'alpha',
    tags: ['a', 'b'],
    code: 'abc',
  },
  { id: 'r2', name: 'beta', nick: null, score: null, active: false, kind: 'beta', tags: [] },
  {
    id: 'r3',
    name: 'Gamma ray',
    nick: 'GR',
    score: -3,
    ratio: 2.25,
    active: null,
    at: new Date('2023-06-15T12:00:00Z'),
    kind: 'gamma',
  },
  {
    id: 'r4',
    name: 'école',
    nick: '100%',
    score: 10,
    ratio: -1,
    active: true,
    at: new Date('2024-03-01T00:00:00Z'),
    kind: 'alpha',
    tags: ['b'],
    code: 'ab',
  },
  { id: 'r5', name: 'a_b\\c', nick: "O'Brien", score: 0, active: false, kind: 'beta', tags: ['c', 'a'] },
  {
    id: 'r6',
    name: 'Zed',
    nick: 'zz',
    score: 7,
    ratio: 0,
    active: null,
    at: new Date('2025-01-01T00:00:00Z'),
    kind: 'gamma',
    code: 'xyz',
  },
];

const FILTERS: readonly [string, FilterInput][] = [
  ['equality on a required string', { name: 'beta' }],
  ['equality on a nullable integer', { score: 10 }],
  ['equality with null', { nick: null }],
  ['$ne passes null values', { score: { $ne: 10 } }],
  ['$ne null', { nick: { $ne: null } }],
  ['$gt on a nullable integer fails null values', { score: { $gt: 0 } }],
  ['$gte and $lte together', { score: { $gte: -3, $lte: 7 } }],
  ['$lt on an optional number', { ratio: { $lt: 0.5 } }],
  ['$gt on a string compares by code point', { name: { $gt: 'Zed' } }],
  ['$lte on a string', { name: { $lte: 'beta' } }],
  ['$gt on an optional date', { at: { $gt: new Date('2024-01-01T00:00:00Z') } }],
  ['$lt on a date given as ISO string', { at: { $lt: '2024-02-01' } }],
  ['boolean equality', { active: true }],
  ['boolean $ne passes null values', { active: { $ne: true } }],
  ['$in on a nullable integer', { score: { $in: [10, 0] } }],
  ['$in with an empty list', { score: { $in: [] } }],
  ['$nin passes null values', { score: { $nin: [10, 0] } }],
  ['$nin with an empty list passes everything', { score: { $nin: [] } }],
  ['$in on an enum', { kind: { $in: ['alpha', 'gamma'] } }],
  ['$in on a VARCHAR(3) with a longer candidate does not truncate it', { code: { $in: ['abcdef'] } }],
  ['$in on dates', { at: { $in: [new Date('2024-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z')] } }],
  ['$null true on an optional field', { ratio: { $null: true } }],
  ['$null false', { tags: { $null: false } }],
  ['$has on an optional array', { tags: { $has: 'a' } }],
  ['$icontains ignores case', { name: { $icontains: 'GAMMA' } }],
  ['$icontains with an accented capital', { name: { $icontains: 'ÉCO' } }],
  ['$icontains escapes %', { nick: { $icontains: '0%' } }],
  ['$icontains escapes _ and backslash', { name: { $icontains: '_b\\' } }],
  ['$startsWith is case-sensitive', { name: { $startsWith: 'alp' } }],
  ['$startsWith with a quote', { nick: { $startsWith: "O'" } }],
  ['$not of a comparison includes null values', { $not: { score: { $gt: 0 } } }],
  ['$not of $has includes missing arrays', { $not: { tags: { $has: 'a' } } }],
  ['$not of $icontains includes null values', { $not: { nick: { $icontains: 'r' } } }],
  ['$not of $in', { $not: { score: { $in: [10] } } }],
  ['$not of $nin', { $not: { score: { $nin: [10] } } }],
  ['$not of $ne', { $not: { nick: { $ne: 'al' } } }],
  ['double $not', { $not: { $not: { active: false } } }],
  ['$or across fields', { $or: [{ score: { $lt: 0 } }, { active: false }] }],
  ['empty $or matches nothing', { $or: [] }],
  ['$not of empty $or matches everything', { $not: { $or: [] } }],
  ['empty $and matches everything', { $and: [] }],
  [
    '$and with $not inside $or',
    { $and: [{ kind: 'alpha' }, { $or: [{ $not: { ratio: { $gte: 0.5 } } }, { code: 'ab' }] }] },
  ],
];

describe('filter compiler (against PostgreSQL)', () => {
  const tenantId = uniqueTenantId('filter');
  let sqh: Sqh;
  let table: OpenTable;

  beforeAll(async () => {
    const composed = await createPgSqh([reading]);
    sqh = composed.sqh;
    for (const row of ROWS) await sqh.records.create(tenantId, 'lab', 'FilterReading', row);
    table = await composed.backend.openTable({ tenantId }, reading);
  });

  afterAll(async () => {
    await sqh?.close();
    await dropTenantDatabases([tenantId]);
  });

  async function idsWhere(filter: FilterInput): Promise<string[]> {
    const node = validateFilter(reading, filter) ?? { kind: 'and', nodes: [] };
    const params = new SqlParameters();
    const where = compileFilter(node, table.mapping, params, table.features);
    const result = await table.engine.query<{ id: string }>(
      `SELECT id FROM ${table.mapping.table} WHERE ${where} ORDER BY id`,
      params.values,
    );
    return result.rows.map((row) => row.id);
  }

  function expectedIds(filter: FilterInput): string[] {
    const node = validateFilter(reading, filter);
    return ROWS.filter((row) => matchesFilter(node, row)).map((row) => row.id as string);
  }

  it.each(FILTERS)('%s: selects exactly what the reference evaluator selects', async (_behaviour, filter) => {
    expect(await idsWhere(filter)).toStrictEqual(expectedIds(filter));
  });

  it.each([['name'], ['-name'], ['score'], ['-score'], ['at', '-ratio'], ['active', 'kind'], ['-id']])(
    'orders by %s like the reference ordering (nulls last ascending, first descending, id tie-break)',
    async (...keys) => {
      const order = validateOrderBy(reading, keys);
      const result = await table.engine.query<{ id: string }>(
        `SELECT id FROM ${table.mapping.table} ORDER BY ${compileOrderBy(order, table.mapping)}`,
      );
      const expected = [...ROWS].sort((a, b) => compareRecords(a, b, order)).map((row) => row.id);
      expect(result.rows.map((row) => row.id)).toStrictEqual(expected);
    },
  );

  it('sends values as parameters, never inside the SQL text', () => {
    const hostile = "x'); DROP TABLE readings; --";
    const params = new SqlParameters();
    const node = validateFilter(reading, {
      $or: [{ name: hostile }, { nick: { $icontains: hostile } }, { kind: { $in: ['alpha'] } }],
    })!;
    const sql = compileFilter(node, table.mapping, params, table.features);
    expect(sql).not.toContain('DROP');
    expect(params.values).toStrictEqual([hostile, `%${hostile.toLowerCase()}%`, ['alpha']]);
  });

  it('guards comparisons on nullable columns with IS NOT NULL, which keeps them sargable', () => {
    const params = new SqlParameters();
    const sql = compileFilter(
      validateFilter(reading, { score: { $gt: 1 } })!,
      table.mapping,
      params,
      table.features,
    );
    expect(sql).toBe('("score" IS NOT NULL AND "score" > $1)');
  });

  it('compares strings with COLLATE "C" and leaves required columns unguarded', () => {
    const params = new SqlParameters();
    const sql = compileFilter(
      validateFilter(reading, { name: { $lt: 'm' } })!,
      table.mapping,
      params,
      table.features,
    );
    expect(sql).toBe('("name" COLLATE "C" < $1)');
  });
});
