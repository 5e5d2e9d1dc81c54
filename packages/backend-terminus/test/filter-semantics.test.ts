import { createSqh, defineModel, type FilterInput, type Sqh, type SqhRecord } from '@sqh/core';
import { compareRecords, matchesFilter, validateFilter, validateOrderBy } from '@sqh/core/spi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TERMINUS_BACKEND, terminusBackend } from '../src/index.js';
import { accessScopePlugin, asUser } from './support/access-scope.js';
import { useTerminusServer } from './support/terminus-server.js';

const row = defineModel({
  group: 'sem',
  name: 'Row',
  schema: z.object({
    name: z.string(),
    score: z.number().int().nullable(),
    ratio: z.number().optional(),
    flag: z.boolean().nullable(),
    at: z.date().optional(),
    kind: z.enum(['alpha', 'beta', 'gamma']),
    tags: z.array(z.string()),
    labels: z.set(z.string()),
    notes: z.array(z.string()).optional(),
  }),
});

const day = (n: number) => new Date(Date.UTC(2024, 0, n, 12));
const ROWS = [
  {
    id: 'r01',
    name: 'apple',
    score: 3,
    ratio: 0.5,
    flag: true,
    at: day(1),
    kind: 'alpha',
    tags: ['x', 'y'],
    labels: new Set(['a']),
    notes: ['n1'],
  },
  {
    id: 'r02',
    name: 'Apple',
    score: null,
    flag: false,
    at: day(2),
    kind: 'beta',
    tags: [],
    labels: new Set(),
    notes: [],
  },
  {
    id: 'r03',
    name: 'banana split',
    score: -1,
    ratio: -2.25,
    flag: null,
    kind: 'gamma',
    tags: ['y', 'y'],
    labels: new Set(['a', 'b']),
  },
  {
    id: 'r04',
    name: 'ｚ wide',
    score: 3,
    ratio: 0,
    flag: true,
    at: day(3),
    kind: 'alpha',
    tags: ['ｚ'],
    labels: new Set(['😀']),
    notes: ['a","b'],
  },
  {
    id: 'r05',
    name: '😀 emoji',
    score: 10,
    flag: false,
    at: day(1),
    kind: 'beta',
    tags: ['😀'],
    labels: new Set(),
    notes: ['😀', 'x'],
  },
  {
    id: 'r06',
    name: 'a.c (dot) [x]*',
    score: 0,
    ratio: 1e-9,
    flag: null,
    kind: 'gamma',
    tags: ['.*'],
    labels: new Set(['.*']),
  },
  {
    id: 'r07',
    name: '',
    score: null,
    ratio: 7,
    flag: true,
    at: day(4),
    kind: 'alpha',
    tags: [''],
    labels: new Set(['']),
    notes: [''],
  },
  { id: 'r08', name: 'ÄPFEL', score: 2, flag: false, kind: 'beta', tags: ['x'], labels: new Set(['b']) },
] as const;

const FILTERS: FilterInput[] = [
  { name: 'apple' },
  { name: { $ne: 'apple' } },
  { name: { $gt: 'Apple' } },
  { name: { $gte: 'ｚ' } },
  { name: { $lt: 'b' } },
  { name: { $icontains: 'APP' } },
  { name: { $icontains: 'äp' } },
  { name: { $icontains: '.*' } },
  { name: { $icontains: '' } },
  { name: { $startsWith: 'a' } },
  { name: { $startsWith: 'a.c (' } },
  { name: { $in: ['apple', 'ÄPFEL', 'nope'] } },
  { name: { $nin: ['apple', ''] } },
  { score: 3 },
  { score: null },
  { score: { $ne: 3 } },
  { score: { $gt: 0 } },
  { score: { $gte: 0, $lt: 10 } },
  { score: { $lte: -1 } },
  { score: { $in: [] } },
  { score: { $nin: [] } },
  { score: { $nin: [3, 10] } },
  { ratio: { $gt: 0 } },
  { ratio: { $lt: 0.5 } },
  { ratio: { $null: true } },
  { ratio: { $null: false } },
  { flag: true },
  { flag: false },
  { flag: null },
  { flag: { $ne: true } },
  { at: day(1) },
  { at: { $gt: day(1) } },
  { at: { $lte: day(2).toISOString() } },
  { at: { $ne: day(1) } },
  { at: null },
  { kind: { $in: ['alpha', 'gamma'] } },
  { kind: { $gte: 'beta' } },
  { tags: { $has: 'y' } },
  { tags: { $has: '' } },
  { tags: { $has: '.*' } },
  { tags: { $null: true } },
  { labels: { $has: 'a' } },
  { labels: { $has: '😀' } },
  { notes: { $has: 'x' } },
  { notes: { $has: 'b' } },
  { notes: { $has: 'a","b' } },
  { notes: { $null: true } },
  { notes: { $null: false } },
  { id: 'r03' },
  { id: { $in: ['r01', 'r02', 'zz'] } },
  { id: { $gt: 'r05' } },
  { id: { $startsWith: 'r0' } },
  { $or: [{ score: 3 }, { flag: true }] },
  { $or: [] },
  { $and: [] },
  { $not: { score: { $gt: 0 } } },
  { $not: { $or: [{ flag: null }, { ratio: { $null: true } }] } },
  { $and: [{ $or: [{ kind: 'alpha' }, { kind: 'beta' }] }, { $not: { tags: { $has: 'x' } } }] },
  { kind: 'alpha', score: 3, $not: { name: { $startsWith: 'a' } } },
];

const ORDERS = [
  ['name'],
  ['-name'],
  ['score'],
  ['-score'],
  ['-ratio', 'name'],
  ['flag', '-at'],
  ['at'],
  ['kind', '-score', 'ratio'],
  ['-id'],
];

let sqh: Sqh;
let stored: SqhRecord[];
const server = useTerminusServer();
const TENANT = `sem-${Math.random().toString(36).slice(2, 8)}`;
const list = (
  query: Parameters<Sqh['records']['list']>[3],
  options?: Parameters<Sqh['records']['list']>[4],
) => sqh.records.list(TENANT, 'sem', 'Row', query, options);

beforeAll(async () => {
  sqh = await createSqh({
    plugins: [
      terminusBackend(server().options),
      accessScopePlugin({ ranged: { score: { $gte: 3 } }, plain: { kind: 'alpha' } }),
    ],
    models: [row],
  });
  for (const data of ROWS)
    await sqh.records.create(TENANT, 'sem', 'Row', { ...data, labels: new Set(data.labels) });
  stored = await list({ limit: 100 });
});

afterAll(async () => {
  await sqh.get(TERMINUS_BACKEND).dropTenant(TENANT);
  await sqh.close();
});

describe("filters behave exactly like core's reference evaluator", () => {
  it('stores the dataset as given', () => {
    expect(stored.map((record) => record.id)).toStrictEqual(ROWS.map((data) => data.id));
  });

  it.each(FILTERS.map((filter) => [JSON.stringify(filter), filter] as const))(
    'list and count with %s',
    async (_label, filter) => {
      const node = validateFilter(row, filter);
      const expected = stored.filter((record) => matchesFilter(node, record)).map((record) => record.id);
      expect((await list({ filters: filter, limit: 100 })).map((record) => record.id)).toStrictEqual(
        expected,
      );
      expect(await sqh.records.count(TENANT, 'sem', 'Row', filter)).toBe(expected.length);
    },
  );

  it.each(ORDERS.map((order) => [order.join(','), order] as const))(
    'orders by %s, missing values last ascending and first descending',
    async (_label, order) => {
      const specs = validateOrderBy(row, order);
      const expected = [...stored].sort((a, b) => compareRecords(a, b, specs)).map((record) => record.id);
      expect((await list({ orderBy: order, limit: 100 })).map((record) => record.id)).toStrictEqual(expected);
      const pages = [];
      for (let skip = 0; skip < expected.length; skip += 3)
        pages.push(...(await list({ orderBy: order, limit: 3, skip })));
      expect(pages.map((record) => record.id)).toStrictEqual(expected);
    },
  );

  it('search matches any of the fields, ignoring case', async () => {
    const found = await sqh.records.search(TENANT, 'sem', 'Row', 'APPLE', {
      filters: { score: { $ne: null } },
    });
    expect(found.map((record) => record.id)).toStrictEqual(['r01']);
    expect(
      (await sqh.records.search(TENANT, 'sem', 'Row', 'a', { limit: 2 })).map((record) => record.id),
    ).toStrictEqual(['r01', 'r02']);
  });
});

describe('access scopes on single-record operations', () => {
  it.each([
    ['a scope the template language expresses', 'plain'],
    ['a scope that needs WOQL', 'ranged'],
  ])('%s: records outside it are missing for get, update and delete', async (_label, user) => {
    const options = asUser(user, TENANT);
    expect(await sqh.records.get(TENANT, 'sem', 'Row', 'r01', options)).not.toBeNull();
    expect(await sqh.records.get(TENANT, 'sem', 'Row', 'r02', options)).toBeNull();
    await expect(
      sqh.records.update(TENANT, 'sem', 'Row', 'r02', { name: 'changed' }, options),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await sqh.records.delete(TENANT, 'sem', 'Row', 'r02', options)).toBe(false);
    expect((await sqh.records.get(TENANT, 'sem', 'Row', 'r02'))?.name).toBe('Apple');
    expect((await sqh.records.update(TENANT, 'sem', 'Row', 'r01', { ratio: 0.25 }, options)).ratio).toBe(
      0.25,
    );
  });
});
