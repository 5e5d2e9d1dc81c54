import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError, defineModel, StorageConfig } from '../src/index.js';

const base = { group: 'lab', name: 'AppLabResult' };

describe('defineModel', () => {
  it('describes every storable field kind', () => {
    const model = defineModel({
      ...base,
      schema: z.object({
        code: z.string().max(12),
        small: z.number().int().min(0).max(100),
        value: z.number(),
        ok: z.boolean(),
        at: z.date(),
        kind: z.enum(['ph', 'do']),
        tags: z.array(z.string()),
        labels: z.set(z.string()),
        meta: z.object({ a: z.string() }),
        note: z.string().optional(),
        maybe: z.string().nullable(),
      }),
    });
    const kinds = Object.fromEntries(model.fields.map((field) => [field.name, field.kind]));
    expect(kinds).toEqual({
      code: 'string',
      small: 'integer',
      value: 'number',
      ok: 'boolean',
      at: 'date',
      kind: 'enum',
      tags: 'stringArray',
      labels: 'stringArray',
      meta: 'json',
      note: 'string',
      maybe: 'string',
    });
    expect(model.field('code')?.maxLength).toBe(12);
    expect(model.field('small')).toMatchObject({ min: 0, max: 100 });
    expect(model.field('kind')?.enumValues).toEqual(['ph', 'do']);
    expect(model.field('labels')?.container).toBe('set');
    expect(model.field('note')).toMatchObject({ optional: true, nullable: false });
    expect(model.field('maybe')).toMatchObject({ optional: false, nullable: true });
    expect(model.field('id')?.kind).toBe('string');
  });

  it('defaults the storage to TerminusDB', () => {
    expect(defineModel({ ...base, schema: z.object({ a: z.string() }) }).storage.backend).toBe('terminusdb');
  });

  it('refuses partitionBy naming a field that is not a date', () => {
    expect(() =>
      defineModel({
        ...base,
        schema: z.object({ created_at: z.string() }),
        storage: StorageConfig.postgresql({ partitionBy: 'created_at' }),
      }),
    ).toThrow(/partitionBy 'created_at' must be a date field/);
  });

  it('refuses partitionBy naming a missing field', () => {
    expect(() =>
      defineModel({
        ...base,
        schema: z.object({ a: z.date() }),
        storage: StorageConfig.postgresql({ partitionBy: 'b' }),
      }),
    ).toThrow(/not a field of the schema/);
  });

  it('refuses an optional partition key', () => {
    expect(() =>
      defineModel({
        ...base,
        schema: z.object({ at: z.date().optional() }),
        storage: StorageConfig.postgresql({ partitionBy: 'at' }),
      }),
    ).toThrow(/must be required/);
  });

  it('refuses a zod type the model layer cannot store, naming the field', () => {
    expect(() => defineModel({ ...base, schema: z.object({ big: z.bigint() }) })).toThrow(
      /Field 'big' has zod type 'bigint'/,
    );
    expect(() =>
      defineModel({ ...base, schema: z.object({ u: z.union([z.string(), z.number()]) }) }),
    ).toThrow(ConfigurationError);
  });

  it('reserves the id field', () => {
    expect(() => defineModel({ ...base, schema: z.object({ id: z.string() }) })).toThrow(/'id' is reserved/);
  });

  it('refuses field names that could not be identifiers', () => {
    expect(() => defineModel({ ...base, schema: z.object({ 'first name': z.string() }) })).toThrow(
      /Field name/,
    );
  });

  it('refuses a bad group slug and a bad model name', () => {
    expect(() => defineModel({ group: 'Lab Group', name: 'X', schema: z.object({}) })).toThrow(/Group slug/);
    expect(() => defineModel({ group: 'lab', name: '1X', schema: z.object({}) })).toThrow(/Model name/);
  });

  it('refuses a schema that is not an object', () => {
    expect(() => defineModel({ ...base, schema: z.string() as unknown as z.ZodObject })).toThrow(
      /zod object/,
    );
  });

  it('qualifies relations with the group and refuses relations on unknown fields', () => {
    const contact = defineModel({
      group: 'crm',
      name: 'AppCRMContact',
      schema: z.object({ account: z.string(), name: z.string() }),
      relations: { account: 'AppCRMAccount' },
    });
    expect(contact.relations).toEqual({ account: 'crm/AppCRMAccount' });
    expect(contact.field('account')?.reference).toBe('crm/AppCRMAccount');
    expect(() =>
      defineModel({
        group: 'crm',
        name: 'X',
        schema: z.object({ a: z.string() }),
        relations: { b: 'Y' } as never,
      }),
    ).toThrow(/relation 'b'/);
  });

  it('records the inverse name a relation declares, and refuses a malformed one', () => {
    const contact = defineModel({
      group: 'crm',
      name: 'AppCRMContact',
      schema: z.object({ account: z.string(), owner: z.string() }),
      relations: { account: { model: 'AppCRMAccount', inverse: 'contacts' }, owner: { model: 'AppUser' } },
    });
    expect(contact.relations).toEqual({ account: 'crm/AppCRMAccount', owner: 'crm/AppUser' });
    expect(contact.relationInverses).toEqual({ account: 'contacts' });
    expect(() =>
      defineModel({
        group: 'crm',
        name: 'X',
        schema: z.object({ a: z.string() }),
        relations: { a: { model: 'Y', inverse: 'has space' } },
      }),
    ).toThrow(/inverse name of relation 'a'/);
  });

  it('refuses a relation on a field that cannot hold ids', () => {
    expect(() =>
      defineModel({ group: 'crm', name: 'X', schema: z.object({ n: z.number() }), relations: { n: 'Y' } }),
    ).toThrow(/must hold a string id/);
  });
});

describe('defineModel with a zod 3 schema', () => {
  it('says zod 4 is required', () => {
    // The shape zod 3 builds: `_def` with a typeName, no `_zod`.
    const zod3Object = { _def: { typeName: 'ZodObject', shape: () => ({}) }, shape: {} };
    expect(() =>
      defineModel({ group: 'lab', name: 'Old', schema: zod3Object as unknown as z.ZodObject<z.ZodRawShape> }),
    ).toThrow(/built with zod 3; sqh needs zod 4/);
  });
});
