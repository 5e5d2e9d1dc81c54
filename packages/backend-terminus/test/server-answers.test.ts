import { ConfigurationError, createSqh, defineModel, type Sqh, ValidationError } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TERMINUS_BACKEND, terminusBackend } from '../src/index.js';
import { useTerminusServer } from './support/terminus-server.js';

/**
 * The backend against TerminusDB's own answers (issue 14): schema check witnesses, BadCast and
 * UnexpectedBooleanValue become VALIDATION naming the field, batch failures name the row
 * (issue 12, item 7), and integers are exact or refused. The stored class is changed behind the
 * backend's back (as another deployment or an operator could), so the server, not core, refuses.
 */
const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);
const COMMIT = { author: 'test', message: 'changed outside sqh' };

const gadget = defineModel({
  group: 'lab',
  name: 'Gadget',
  schema: z.object({
    label: z.string(),
    serial: z.string(),
    enabled: z.boolean(),
    weight: z.number().int().optional(),
  }),
});
const input = (label: string, extra: Record<string, unknown> = {}) => ({
  label,
  serial: `s-${label}`,
  enabled: true,
  ...extra,
});

let sqh: Sqh;
const tenants: string[] = [];

/** A tenant whose Gadget class was pushed by sqh and then replaced with `changes` applied. */
async function tenantWithChangedClass(slug: string, changes: Record<string, unknown>, drop: string[] = []) {
  const tenant = `answers-${run}-${slug}`;
  tenants.push(tenant);
  const terminus = sqh.get(TERMINUS_BACKEND);
  const resource = await terminus.prepareTenant(tenant, gadget);
  const { value } = await terminus.client.getAllDocuments(resource, { graphType: 'schema' });
  const stored = { ...value.find((document) => document['@id'] === 'Gadget'), ...changes } as Record<
    string,
    never
  >;
  for (const name of drop) delete stored[name];
  await terminus.client.replaceDocuments(resource, [stored], { graphType: 'schema', commit: COMMIT });
  return tenant;
}

async function failureOf(call: Promise<unknown>): Promise<Error & { code?: string }> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error & { code?: string };
}

beforeAll(async () => {
  sqh = await createSqh({ plugins: [terminusBackend(server().options)], models: [gadget] });
});

afterAll(async () => {
  for (const tenant of tenants) await sqh.get(TERMINUS_BACKEND).dropTenant(tenant);
  await sqh.close();
});

describe('server refusals name the field', () => {
  it('an unknown property (unknown_property_for_type): VALIDATION naming it', async () => {
    const tenant = await tenantWithChangedClass('unknown', {}, ['weight']);
    const error = await failureOf(sqh.records.create(tenant, 'lab', 'Gadget', input('a', { weight: 3 })));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toStrictEqual([
      expect.objectContaining({ path: ['weight'], message: expect.stringContaining('no such property') }),
    ]);
  });

  it('a value the stored type cannot hold (api:BadCast): VALIDATION naming the field', async () => {
    const tenant = await tenantWithChangedClass('badcast', { serial: 'xsd:integer' });
    const error = await failureOf(sqh.records.create(tenant, 'lab', 'Gadget', input('b')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toStrictEqual([
      expect.objectContaining({ path: ['serial'], message: expect.stringContaining('integer') }),
    ]);
  });

  it('a boolean for a text field (api:UnexpectedBooleanValue): VALIDATION naming the field', async () => {
    const tenant = await tenantWithChangedClass('boolean', { enabled: 'xsd:string' });
    const error = await failureOf(sqh.records.create(tenant, 'lab', 'Gadget', input('c')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toStrictEqual([expect.objectContaining({ path: ['enabled'] })]);
  });
});

describe('batch failures name the row, and nothing is written', () => {
  const batchTenant = () => `answers-${run}-batch`;
  beforeAll(() => {
    tenants.push(batchTenant());
  });

  it('a duplicate id inside the batch', async () => {
    const rows = [input('d0', { id: 'x' }), input('d1', { id: 'y' }), input('d2', { id: 'x' })];
    const error = await failureOf(sqh.records.batchCreate(batchTenant(), 'lab', 'Gadget', rows));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/row 2\b.*row 0\b/);
    expect(await sqh.records.count(batchTenant(), 'lab', 'Gadget')).toBe(0);
  });

  it('an id that is already stored', async () => {
    await sqh.records.create(batchTenant(), 'lab', 'Gadget', input('stored', { id: 'taken' }));
    const rows = [input('e0', { id: 'free-0' }), input('e1', { id: 'free-1' }), input('e2', { id: 'taken' })];
    const error = await failureOf(sqh.records.batchCreate(batchTenant(), 'lab', 'Gadget', rows));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/at row 2\b/);
    expect(await sqh.records.get(batchTenant(), 'lab', 'Gadget', 'free-0')).toBeNull();
  });

  it('a value the server refuses', async () => {
    const tenant = await tenantWithChangedClass('batch-cast', { serial: 'xsd:integer' });
    const rows = [
      input('f0', { serial: '1' }),
      input('f1', { serial: '2' }),
      input('f2', { serial: 'three' }),
    ];
    const error = await failureOf(sqh.records.batchCreate(tenant, 'lab', 'Gadget', rows));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toStrictEqual([
      expect.objectContaining({ path: ['serial'], row: 2 }),
    ]);
    expect(error.message).toMatch(/at row 2\b/);
    expect(await sqh.records.count(tenant, 'lab', 'Gadget')).toBe(0);
  });

  it('an invalid date', async () => {
    const dated = defineModel({ group: 'lab', name: 'Dated', schema: z.object({ at: z.date() }) });
    const local = await createSqh({ plugins: [terminusBackend(server().options)], models: [dated] });
    try {
      const rows = [{ at: new Date(0) }, { at: new Date(Number.NaN) }];
      const error = await failureOf(local.records.batchCreate(batchTenant(), 'lab', 'Dated', rows));
      expect(error.code).toBe('VALIDATION');
      expect((error as ValidationError).issues).toStrictEqual([
        expect.objectContaining({ path: ['at'], row: 1 }),
      ]);
    } finally {
      await local.close();
    }
  });
});

describe('integers beyond 2^53', () => {
  it('a model cannot declare a bigint field', async () => {
    expect(() => defineModel({ group: 'lab', name: 'Big', schema: z.object({ n: z.bigint() }) })).toThrow(
      ConfigurationError,
    );
  });

  it('an integer field refuses 2^53 on write', async () => {
    const tenant = `answers-${run}-big`;
    tenants.push(tenant);
    const error = await failureOf(
      sqh.records.create(tenant, 'lab', 'Gadget', input('g', { weight: 2 ** 53 })),
    );
    expect(error.code).toBe('VALIDATION');
  });

  it('a stored integer beyond 2^53 (written by another client) is refused by name, never rounded', async () => {
    const tenant = `answers-${run}-big`;
    const terminus = sqh.get(TERMINUS_BACKEND);
    const resource = await terminus.prepareTenant(tenant, gadget);
    const credentials = Buffer.from(`${server().options.user}:${server().options.key}`).toString('base64');
    const url = new URL(
      `/api/document/${resource.organization}/${resource.database}?author=test&message=outside`,
      server().options.url,
    );
    const body =
      '{"@type":"Gadget","@id":"Gadget/huge","_sqh_id":"huge","label":"h","serial":"s","enabled":true,"weight":12345678901234567890}';
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Basic ${credentials}`, 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    for (const read of [
      sqh.records.get(tenant, 'lab', 'Gadget', 'huge'),
      sqh.records.list(tenant, 'lab', 'Gadget'),
    ]) {
      const error = await failureOf(read);
      expect(error.code).toBe('UNSUPPORTED');
      expect(error.message).toContain("field 'weight'");
    }
  });
});
