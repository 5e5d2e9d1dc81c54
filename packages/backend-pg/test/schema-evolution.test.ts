import { defineModel, type Model, type ModelSchema, StorageConfig } from '@sqh/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SchemaMismatchError } from '../src/index.js';
import { createPgSqh } from './support/pg-sqh.js';
import {
  dropTenantDatabases,
  queryDatabase,
  tenantDatabaseName,
  uniqueTenantId,
} from './support/test-database.js';

const tenantId = uniqueTenantId('schema');
let tables = 0;

/** Successive versions of one model, stored in a table of its own. */
function versions(): {
  table: string;
  version: <S extends ModelSchema>(schema: S, partitionBy?: string) => Model<S>;
} {
  const table = `evolving_${++tables}`;
  return {
    table,
    version: (schema, partitionBy) =>
      defineModel({
        group: 'lab',
        name: 'Evolving',
        storage: StorageConfig.postgresql({ tableName: table, ...(partitionBy ? { partitionBy } : {}) }),
        schema,
      }),
  };
}

/** Runs one call against a model through a fresh sqh (as a redeployed service would). */
async function withModel<T>(
  model: Model,
  run: (records: Awaited<ReturnType<typeof createPgSqh>>['sqh']['records']) => Promise<T>,
): Promise<T> {
  const { sqh } = await createPgSqh([model]);
  try {
    return await run(sqh.records);
  } finally {
    await sqh.close();
  }
}

const create = (model: Model, data: Record<string, unknown>) =>
  withModel(model, (records) => records.create(tenantId, 'lab', 'Evolving', data));

async function mismatchOf(model: Model): Promise<SchemaMismatchError> {
  const error = await withModel(model, (records) => records.count(tenantId, 'lab', 'Evolving')).catch(
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SchemaMismatchError);
  return error as SchemaMismatchError;
}

async function columnsOf(table: string): Promise<Record<string, string>> {
  const result = await queryDatabase<{ column_name: string; is_nullable: string }>(
    tenantDatabaseName(tenantId),
    'SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = $1',
    [table],
  );
  return Object.fromEntries(result.rows.map((row) => [row.column_name, row.is_nullable]));
}

afterAll(async () => {
  await dropTenantDatabases([tenantId]);
});

describe('schema evolution', () => {
  it('adds a nullable column when the model gains an optional field; old rows read without it', async () => {
    const { table, version } = versions();
    const v1 = version(z.object({ name: z.string() }));
    const v2 = version(z.object({ name: z.string(), note: z.string().optional() }));
    const old = await create(v1, { name: 'before' });
    const fresh = await create(v2, { name: 'after', note: 'new field' });
    expect(await columnsOf(table)).toMatchObject({ note: 'YES' });
    await withModel(v2, async (records) => {
      expect(await records.get(tenantId, 'lab', 'Evolving', old.id)).toStrictEqual({
        id: old.id,
        name: 'before',
      });
      expect(await records.get(tenantId, 'lab', 'Evolving', fresh.id)).toStrictEqual(fresh);
    });
  });

  it('refuses a type change and says which column changed from what to what', async () => {
    const { version } = versions();
    await create(version(z.object({ value: z.number() })), { value: 1.5 });
    const error = await mismatchOf(version(z.object({ value: z.string() })));
    expect(error.code).toBe('CONFIGURATION');
    expect(error.differences).toStrictEqual([
      { column: 'value', problem: 'type changed from DOUBLE PRECISION to TEXT' },
    ]);
    expect(error.message).toContain("'value': type changed from DOUBLE PRECISION to TEXT");
  });

  it('refuses a model that dropped a field the table still holds', async () => {
    const { version } = versions();
    await create(version(z.object({ name: z.string(), legacy: z.string() })), {
      name: 'a',
      legacy: 'kept data',
    });
    const error = await mismatchOf(version(z.object({ name: z.string() })));
    expect(error.differences).toStrictEqual([
      {
        column: 'legacy',
        problem: 'the table has this column but the model has no such field (dropping it would lose data)',
      },
    ]);
  });

  it('refuses a field that became required', async () => {
    const { version } = versions();
    await create(version(z.object({ note: z.string().optional() })), {});
    const error = await mismatchOf(version(z.object({ note: z.string() })));
    expect(error.differences).toStrictEqual([
      { column: 'note', problem: 'changed from optional to required: stored rows may have no value' },
    ]);
  });

  it('refuses a new required field, which stored rows have no value for', async () => {
    const { version } = versions();
    await create(version(z.object({ name: z.string() })), { name: 'a' });
    const error = await mismatchOf(version(z.object({ name: z.string(), unit: z.string() })));
    expect(error.differences.map((difference) => difference.column)).toStrictEqual(['unit']);
  });

  it('lists every difference at once and changes nothing when one is refused', async () => {
    const { table, version } = versions();
    await create(version(z.object({ a: z.number(), b: z.string() })), { a: 1, b: 'x' });
    const error = await mismatchOf(version(z.object({ a: z.boolean(), extra: z.string().optional() })));
    expect(error.differences.map((difference) => difference.column).sort()).toStrictEqual(['a', 'b']);
    expect(Object.keys(await columnsOf(table)).sort()).toStrictEqual(['a', 'b', 'id']);
  });

  it('relaxes NOT NULL when a required field becomes optional', async () => {
    const { table, version } = versions();
    await create(version(z.object({ name: z.string() })), { name: 'a' });
    const created = await create(version(z.object({ name: z.string().nullable() })), { name: null });
    expect(created.name).toBeNull();
    expect(await columnsOf(table)).toMatchObject({ name: 'YES' });
  });

  it('accepts a new enum value and stores it', async () => {
    const { version } = versions();
    await create(version(z.object({ unit: z.enum(['mg', 'kg']) })), { unit: 'mg' });
    const created = await create(version(z.object({ unit: z.enum(['mg', 'kg', 'g']) })), { unit: 'g' });
    expect(created.unit).toBe('g');
  });

  it('refuses to remove an enum value that stored rows still hold', async () => {
    const { version } = versions();
    await create(version(z.object({ unit: z.enum(['mg', 'kg']) })), { unit: 'kg' });
    const error = await mismatchOf(version(z.object({ unit: z.enum(['mg']) })));
    expect(error.differences).toStrictEqual([
      { column: 'unit', problem: 'its allowed values changed to mg, but stored rows hold other values' },
    ]);
  });

  it('refuses partitioning a table that already exists unpartitioned', async () => {
    const { version } = versions();
    await create(version(z.object({ at: z.date() })), { at: new Date() });
    const error = await mismatchOf(version(z.object({ at: z.date() }), 'at'));
    expect(error.differences).toStrictEqual([
      { problem: "the model is partitioned by 'at' but the table is not partitioned" },
    ]);
  });

  it('creates a table once when many first calls race, in one process and across two', async () => {
    const { version } = versions();
    const model = version(z.object({ n: z.number().int() }));
    const [first, second] = await Promise.all([createPgSqh([model]), createPgSqh([model])]);
    try {
      const writes = Array.from({ length: 20 }, (_, n) =>
        (n % 2 === 0 ? first : second).sqh.records.create(tenantId, 'lab', 'Evolving', { n }),
      );
      await Promise.all(writes);
      expect(await first.sqh.records.count(tenantId, 'lab', 'Evolving')).toBe(20);
    } finally {
      await Promise.all([first.sqh.close(), second.sqh.close()]);
    }
  });
});
