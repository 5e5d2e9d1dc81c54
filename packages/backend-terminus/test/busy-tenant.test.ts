import { createSqh, defineModel, type Model, type Sqh } from '@sqh/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TERMINUS_BACKEND, terminusBackend } from '../src/index.js';
import { useTerminusServer } from './support/terminus-server.js';

/**
 * First use of a model in a tenant another process writes to steadily (issue 12, item 2):
 * reads need no schema write, and the schema push succeeds although every instance write
 * moves the branch. Each `createSqh` stands for one process.
 */
const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);
const TENANT = `busy-${run}`;

const event = defineModel({ group: 'ops', name: 'BusyEvent', schema: z.object({ seq: z.number().int() }) });
const note = defineModel({ group: 'ops', name: 'BusyNote', schema: z.object({ text: z.string() }) });
const noteWithColour = defineModel({
  group: 'ops',
  name: 'BusyNote',
  schema: z.object({ text: z.string(), colour: z.string().optional() }),
});
const noteWithSize = defineModel({
  group: 'ops',
  name: 'BusyNote',
  schema: z.object({ text: z.string(), size: z.number().int().optional() }),
});

const opened: Sqh[] = [];
async function processWith(...models: Model[]): Promise<Sqh> {
  const sqh = await createSqh({ plugins: [terminusBackend(server().options)], models });
  opened.push(sqh);
  return sqh;
}

/** Creates events one after another until stopped; resolves to how many it wrote. */
function steadyWriter(sqh: Sqh, tenant: string): { stop: () => Promise<number> } {
  let running = true;
  let written = 0;
  const loop = (async () => {
    while (running) {
      await sqh.records.create(tenant, 'ops', 'BusyEvent', { seq: written });
      written++;
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return written;
    },
  };
}

async function storedClass(sqh: Sqh, tenant: string, name: string) {
  const terminus = sqh.get(TERMINUS_BACKEND);
  const { value } = await terminus.client.getAllDocuments(terminus.databaseFor(tenant), {
    graphType: 'schema',
  });
  return value.find((document) => document['@id'] === name);
}

afterAll(async () => {
  const [first] = opened;
  if (first) {
    for (const tenant of [TENANT, `${TENANT}-evolve`]) await first.get(TERMINUS_BACKEND).dropTenant(tenant);
  }
  for (const sqh of opened) await sqh.close();
});

describe('a model first used in a busy tenant', () => {
  it('reads it as empty without a schema write, then creates it, while another process writes steadily', async () => {
    const writerProcess = await processWith(event);
    await writerProcess.records.create(TENANT, 'ops', 'BusyEvent', { seq: -1 });
    const writer = steadyWriter(writerProcess, TENANT);
    try {
      const fresh = await processWith(note);
      for (let i = 0; i < 5; i++) expect(await fresh.records.count(TENANT, 'ops', 'BusyNote')).toBe(0);
      expect(await fresh.records.list(TENANT, 'ops', 'BusyNote')).toStrictEqual([]);
      expect(await storedClass(fresh, TENANT, 'BusyNote')).toBeUndefined();
      await fresh.records.create(TENANT, 'ops', 'BusyNote', { id: 'n1', text: 'hello' });
      expect(await fresh.records.get(TENANT, 'ops', 'BusyNote', 'n1')).toStrictEqual({
        id: 'n1',
        text: 'hello',
      });
    } finally {
      const written = await writer.stop();
      expect(written).toBeGreaterThan(0);
    }
  });

  it('evolves a class under steady writes, and two processes adding different fields at once both keep theirs', async () => {
    const tenant = `${TENANT}-evolve`;
    const writerProcess = await processWith(event, note);
    await writerProcess.records.create(tenant, 'ops', 'BusyNote', { id: 'base', text: 'v1' });
    const writer = steadyWriter(writerProcess, tenant);
    try {
      const [withColour, withSize] = await Promise.all([
        processWith(noteWithColour),
        processWith(noteWithSize),
      ]);
      await Promise.all([
        withColour.records.create(tenant, 'ops', 'BusyNote', { id: 'c', text: 'c', colour: 'red' }),
        withSize.records.create(tenant, 'ops', 'BusyNote', { id: 's', text: 's', size: 3 }),
      ]);
      const stored = await storedClass(withColour, tenant, 'BusyNote');
      expect(stored).toMatchObject({
        colour: { '@type': 'Optional', '@class': 'xsd:string' },
        size: { '@type': 'Optional', '@class': 'xsd:integer' },
      });
      expect(await withColour.records.get(tenant, 'ops', 'BusyNote', 'c')).toStrictEqual({
        id: 'c',
        text: 'c',
        colour: 'red',
      });
      expect(await withSize.records.get(tenant, 'ops', 'BusyNote', 's')).toStrictEqual({
        id: 's',
        text: 's',
        size: 3,
      });
    } finally {
      await writer.stop();
    }
  });
});
