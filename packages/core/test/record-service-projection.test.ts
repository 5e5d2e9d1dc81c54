import { describe, expect, it } from 'vitest';
import { createSqh, type ProjectionEvent, type ProjectionSink, type SqhPlugin } from '../src/index.js';
import { Account } from './support/models.js';
import { pluginOf, recordingBackend } from './support/recording-backend.js';

function sinkPlugin(sink: ProjectionSink): SqhPlugin {
  return { name: `sink-${sink.name}`, register: (_container, api) => api.registerProjectionSink(sink) };
}

describe('projection events', () => {
  it('are emitted after each successful write with ids and records', async () => {
    const events: ProjectionEvent[] = [];
    const sqh = await createSqh({
      plugins: [
        pluginOf(recordingBackend('graph')),
        sinkPlugin({ name: 'index', handle: (event) => void events.push(event) }),
      ],
      models: [Account],
    });
    const created = await sqh.records.create('t1', 'crm', 'AppCRMAccount', {
      name: 'Acme',
      status: 'active',
    });
    await sqh.records.update('t1', 'crm', 'AppCRMAccount', created.id, { status: 'inactive' });
    const batch = await sqh.records.batchCreate(
      't1',
      'crm',
      'AppCRMAccount',
      [{ name: 'B', status: 'active' }],
      { returning: false },
    );
    await sqh.records.delete('t1', 'crm', 'AppCRMAccount', created.id);
    expect(events.map((event) => [event.operation, event.ids, event.count])).toStrictEqual([
      ['create', [created.id], 1],
      ['update', [created.id], 1],
      ['batchCreate', [], 1],
      ['delete', [created.id], 1],
    ]);
    expect(batch).toStrictEqual({ count: 1, records: [] });
    expect(events[1]?.records[0]).toMatchObject({ status: 'inactive' });
    expect(events.every((event) => event.tenantId === 't1' && event.modelName === 'AppCRMAccount')).toBe(
      true,
    );
    await sqh.close();
  });

  it('are not emitted for reads, failed writes, or deletes of missing ids', async () => {
    const events: ProjectionEvent[] = [];
    const sqh = await createSqh({
      plugins: [
        pluginOf(recordingBackend('graph')),
        sinkPlugin({ name: 'index', handle: (event) => void events.push(event) }),
      ],
      models: [Account],
    });
    await sqh.records.list('t1', 'crm', 'AppCRMAccount');
    await sqh.records
      .create('t1', 'crm', 'AppCRMAccount', { name: '', status: 'active' })
      .catch(() => undefined);
    expect(await sqh.records.delete('t1', 'crm', 'AppCRMAccount', 'missing')).toBe(false);
    expect(events).toStrictEqual([]);
    await sqh.close();
  });

  it('never fail the write when a sink fails, and report the failure', async () => {
    const reported: string[] = [];
    const backend = recordingBackend('graph');
    const sqh = await createSqh({
      plugins: [
        pluginOf(backend),
        sinkPlugin({
          name: 'broken',
          handle: () => {
            throw new Error('search index unreachable');
          },
        }),
      ],
      models: [Account],
      onProjectionError: (error, sink, event) =>
        reported.push(`${sink.name}:${event.operation}:${(error as Error).message}`),
    });
    const created = await sqh.records.create('t1', 'crm', 'AppCRMAccount', {
      name: 'Acme',
      status: 'active',
    });
    expect(created.name).toBe('Acme');
    expect(backend.stored('t1')).toHaveLength(1);
    expect(reported).toStrictEqual(['broken:create:search index unreachable']);
    await sqh.close();
  });

  it('report to the console by default, naming the sink and the ids to re-project', async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (line: string) => void lines.push(line);
    try {
      const sqh = await createSqh({
        plugins: [
          pluginOf(recordingBackend('graph')),
          sinkPlugin({ name: 'qdrant', handle: () => Promise.reject(new Error('down')) }),
        ],
        models: [Account],
      });
      const created = await sqh.records.create('t1', 'crm', 'AppCRMAccount', {
        name: 'Acme',
        status: 'active',
      });
      await sqh.close();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("sink 'qdrant' failed");
      expect(lines[0]).toContain(created.id);
    } finally {
      console.error = original;
    }
  });

  it('respect a model that disables projection', async () => {
    const { defineModel, StorageConfig } = await import('../src/index.js');
    const { z } = await import('zod');
    const Quiet = defineModel({
      group: 'misc',
      name: 'Quiet',
      schema: z.object({ a: z.string() }),
      storage: StorageConfig.custom('graph'),
      projection: { enabled: false },
    });
    const events: ProjectionEvent[] = [];
    const sqh = await createSqh({
      plugins: [
        pluginOf(recordingBackend('graph')),
        sinkPlugin({ name: 'index', handle: (event) => void events.push(event) }),
      ],
      models: [Quiet],
    });
    await sqh.records.create('t1', 'misc', 'Quiet', { a: 'x' });
    expect(events).toStrictEqual([]);
    await sqh.close();
  });
});
