import { ConfigurationError, createSqh, defineModel, type Model } from '@sqh/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TERMINUS_BACKEND, terminusBackend } from '../src/index.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);

const personV1 = defineModel({
  group: 'hr',
  name: 'Person',
  schema: z.object({ name: z.string(), age: z.number().int() }),
});
const personV2 = defineModel({
  group: 'hr',
  name: 'Person',
  schema: z.object({ name: z.string(), age: z.number().int(), nickname: z.string().optional() }),
});
const personWithRequiredEmail = defineModel({
  group: 'hr',
  name: 'Person',
  schema: z.object({ name: z.string(), age: z.number().int(), email: z.string() }),
});
const personWithTextAge = defineModel({
  group: 'hr',
  name: 'Person',
  schema: z.object({ name: z.string(), age: z.string() }),
});

const compose = (model: Model) =>
  createSqh({ plugins: [terminusBackend(server().options)], models: [model] });

describe('schemas pushed lazily and additively', () => {
  it('creates nothing until a tenant is first used, and pushes a class on its first write, not on reads', async () => {
    const sqh = await compose(personV1);
    const terminus = sqh.get(TERMINUS_BACKEND);
    const tenant = `lazy-${run}-a`;
    const classes = async () => {
      const { value } = await terminus.client.getAllDocuments(terminus.databaseFor(tenant), {
        graphType: 'schema',
      });
      return value.map((document) => document['@id']);
    };
    await expect(
      terminus.client.getAllDocuments(terminus.databaseFor(tenant), { graphType: 'schema' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(await sqh.records.count(tenant, 'hr', 'Person')).toBe(0);
    expect(await sqh.records.list(tenant, 'hr', 'Person')).toStrictEqual([]);
    expect(await sqh.records.get(tenant, 'hr', 'Person', 'nobody')).toBeNull();
    await expect(sqh.records.update(tenant, 'hr', 'Person', 'nobody', { age: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await sqh.records.delete(tenant, 'hr', 'Person', 'nobody')).toBe(false);
    expect(await classes()).not.toContain('Person');
    await sqh.records.create(tenant, 'hr', 'Person', { id: 'eve', name: 'Eve', age: 3 });
    expect(await classes()).toContain('Person');
    expect(await sqh.records.count(tenant, 'hr', 'Person')).toBe(1);
    await sqh.close();
  });

  it('replaces a class additively when the model gains an optional field; old documents stay readable', async () => {
    const tenant = `lazy-${run}-b`;
    const v1 = await compose(personV1);
    await v1.records.create(tenant, 'hr', 'Person', { id: 'ann', name: 'Ann', age: 41 });
    await v1.close();

    const v2 = await compose(personV2);
    expect(await v2.records.get(tenant, 'hr', 'Person', 'ann')).toStrictEqual({
      id: 'ann',
      name: 'Ann',
      age: 41,
    });
    await v2.records.create(tenant, 'hr', 'Person', { id: 'bob', name: 'Bob', age: 7, nickname: 'Bobby' });
    expect(
      await v2.records.list(tenant, 'hr', 'Person', { filters: { nickname: { $null: true } } }),
    ).toHaveLength(1);
    await v2.close();
  });

  it('an older deployment keeps working and its updates keep the fields it does not know', async () => {
    const tenant = `lazy-${run}-c`;
    const v2 = await compose(personV2);
    await v2.records.create(tenant, 'hr', 'Person', { id: 'cy', name: 'Cy', age: 30, nickname: 'C' });
    const v1 = await compose(personV1);
    await v1.records.update(tenant, 'hr', 'Person', 'cy', { age: 31 });
    expect(await v2.records.get(tenant, 'hr', 'Person', 'cy')).toStrictEqual({
      id: 'cy',
      name: 'Cy',
      age: 31,
      nickname: 'C',
    });
    await v1.close();
    await v2.close();
  });

  it.each([
    ['a new required field', 'email', personWithRequiredEmail, /'email' is required/],
    ['a changed field type', 'type', personWithTextAge, /property 'age' is stored as/],
  ])(
    'refuses %s with a clear error and leaves the stored data alone',
    async (_label, slug, changed, message) => {
      const tenant = `lazy-${run}-${slug}`;
      const v1 = await compose(personV1);
      await v1.records.create(tenant, 'hr', 'Person', { id: 'dee', name: 'Dee', age: 5 });
      const broken = await compose(changed);
      const failure = broken.records.get(tenant, 'hr', 'Person', 'dee');
      await expect(failure).rejects.toBeInstanceOf(ConfigurationError);
      await expect(broken.records.get(tenant, 'hr', 'Person', 'dee')).rejects.toThrow(message);
      expect(await v1.records.get(tenant, 'hr', 'Person', 'dee')).toStrictEqual({
        id: 'dee',
        name: 'Dee',
        age: 5,
      });
      await v1.close();
      await broken.close();
    },
  );
});
