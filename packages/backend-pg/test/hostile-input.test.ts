import {
  BackendUnavailableError,
  createSqh,
  defineModel,
  type Sqh,
  SqhError,
  StorageConfig,
} from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pgBackend } from '../src/index.js';
import { createPgSqh } from './support/pg-sqh.js';
import {
  dropTenantDatabases,
  queryDatabase,
  tenantDatabaseName,
  uniqueTenantId,
} from './support/test-database.js';

/** Field and table names that are SQL keywords or need quoting to keep their case. */
const keywords = defineModel({
  group: 'lab',
  name: 'Keywords',
  storage: StorageConfig.postgresql({ tableName: 'Drop_Table' }),
  schema: z.object({
    select: z.string(),
    from: z.string().nullable(),
    Order: z.number().int(),
    group: z.enum(['where', 'having']),
    user: z.array(z.string()).optional(),
    timestamp: z.date().optional(),
  }),
});

const INJECTIONS = [
  '\'); DROP TABLE "Drop_Table"; --',
  '" OR 1=1; --',
  '$1',
  '%_\\',
  "\\'; SELECT pg_sleep(10); --",
  "E'\\x00'",
];

describe('hostile identifiers and values', () => {
  const tenantId = uniqueTenantId('hostile');
  let sqh: Sqh;
  const records = () => sqh.records;

  beforeAll(async () => {
    ({ sqh } = await createPgSqh([keywords]));
  });

  afterAll(async () => {
    await sqh?.close();
    await dropTenantDatabases([tenantId]);
  });

  it('stores and reads fields named after SQL keywords in a mixed-case table', async () => {
    const created = await records().create(tenantId, 'lab', 'Keywords', {
      select: 's',
      from: null,
      Order: 1,
      group: 'where',
      user: ['u'],
    });
    expect(await records().get(tenantId, 'lab', 'Keywords', created.id)).toStrictEqual(created);
    const tables = await queryDatabase<{ table_name: string }>(
      tenantDatabaseName(tenantId),
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.rows.map((row) => row.table_name)).toContain('Drop_Table');
  });

  it('filters, orders, searches, updates and deletes through keyword-named fields', async () => {
    const a = await records().create(tenantId, 'lab', 'Keywords', {
      select: 'kw-a',
      from: 'x',
      Order: 2,
      group: 'having',
      user: ['admin'],
    });
    const b = await records().create(tenantId, 'lab', 'Keywords', {
      select: 'kw-b',
      from: null,
      Order: 3,
      group: 'where',
    });
    const listed = await records().list(tenantId, 'lab', 'Keywords', {
      filters: { select: { $startsWith: 'kw-' }, $or: [{ user: { $has: 'admin' } }, { from: null }] },
      orderBy: ['-Order', 'group'],
    });
    expect(listed.map((record) => record.id)).toStrictEqual([b.id, a.id]);
    expect(
      (await records().search(tenantId, 'lab', 'Keywords', 'KW-A', { fields: ['select'] })).map((r) => r.id),
    ).toStrictEqual([a.id]);
    expect((await records().update(tenantId, 'lab', 'Keywords', a.id, { Order: 20, from: null })).Order).toBe(
      20,
    );
    expect(await records().delete(tenantId, 'lab', 'Keywords', b.id)).toBe(true);
    expect(
      await records().batchCreate(
        tenantId,
        'lab',
        'Keywords',
        [{ select: 'kw-c', from: 'f', Order: 4, group: 'where' }],
        { returning: false },
      ),
    ).toStrictEqual({ count: 1, records: [] });
  });

  it.each(INJECTIONS)('treats %j as plain data in values, ids and every filter operator', async (text) => {
    const created = await records().create(tenantId, 'lab', 'Keywords', {
      id: `id ${text}`,
      select: text,
      from: text,
      Order: 5,
      group: 'where',
      user: [text],
    });
    expect(await records().get(tenantId, 'lab', 'Keywords', `id ${text}`)).toStrictEqual(created);
    const filters = [
      { select: text },
      { from: { $icontains: text } },
      { select: { $startsWith: text } },
      { user: { $has: text } },
      { select: { $in: [text] } },
    ];
    for (const filter of filters) {
      expect(
        (await records().list(tenantId, 'lab', 'Keywords', { filters: filter })).map((r) => r.id),
      ).toStrictEqual([created.id]);
    }
    expect(await records().count(tenantId, 'lab', 'Keywords', { select: { $gte: text, $lte: text } })).toBe(
      1,
    );
  });

  it('reports a value that cannot be stored without quoting SQL or the data', async () => {
    const error = await records()
      .create(tenantId, 'lab', 'Keywords', {
        select: 'secret-value',
        from: null,
        Order: 1,
        group: 'where',
        timestamp: new Date('-010000-01-01T00:00:00.000Z'),
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SqhError);
    expect((error as SqhError).code).toBe('VALIDATION');
    expect((error as SqhError).message).not.toMatch(/INSERT|secret-value|Drop_Table|10001/);
  });

  it('reports an unreachable server without its password', async () => {
    const error = await createSqh({
      plugins: [pgBackend({ url: 'postgres://sqh:very-secret-password@127.0.0.1:1/postgres' })],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).not.toContain('very-secret-password');
  });
});
