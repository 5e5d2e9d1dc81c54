import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSqh, defineModel, type HookContext, StorageConfig, ValidationError } from '../src/index.js';
import { pluginOf, recordingBackend } from './support/recording-backend.js';

function tracedModel(trace: string[], overrides: Record<string, unknown> = {}) {
  return defineModel({
    group: 'lab',
    name: 'Sample',
    schema: z.object({ code: z.string(), value: z.number() }),
    storage: StorageConfig.custom('mem'),
    hooks: {
      validateOrRaise: (ctx: HookContext) => void trace.push(`validate:${ctx.operation}`),
      beforeCreate: (_ctx, data) => {
        trace.push('beforeCreate');
        return { ...data, code: data.code.toUpperCase() };
      },
      afterCreate: (_ctx, record) => void trace.push(`afterCreate:${record.code}`),
      beforeUpdate: (_ctx, id) => void trace.push(`beforeUpdate:${id}`),
      afterUpdate: () => void trace.push('afterUpdate'),
      beforeDelete: (_ctx, id) => void trace.push(`beforeDelete:${id}`),
      afterDelete: (_ctx, id) => void trace.push(`afterDelete:${id}`),
      ...overrides,
    },
  });
}

describe('hooks', () => {
  it('run in order around the backend write for create, update and delete', async () => {
    const trace: string[] = [];
    const backend = recordingBackend('mem');
    const original = backend.create.bind(backend);
    backend.create = async (...args) => {
      trace.push('backend:create');
      return original(...args);
    };
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [tracedModel(trace)] });
    const created = await sqh.records.create('t1', 'lab', 'Sample', { code: 'abc', value: 1 });
    await sqh.records.update('t1', 'lab', 'Sample', created.id, { value: 2 });
    await sqh.records.delete('t1', 'lab', 'Sample', created.id);
    expect(trace).toStrictEqual([
      'validate:create',
      'beforeCreate',
      'backend:create',
      'afterCreate:ABC',
      'validate:update',
      `beforeUpdate:${created.id}`,
      'afterUpdate',
      `beforeDelete:${created.id}`,
      `afterDelete:${created.id}`,
    ]);
    await sqh.close();
  });

  it('store what beforeCreate returns', async () => {
    const backend = recordingBackend('mem');
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [tracedModel([])] });
    const created = await sqh.records.create('t1', 'lab', 'Sample', { code: 'abc', value: 1 });
    expect(created.code).toBe('ABC');
    expect(backend.stored('t1').map((row) => row.code)).toStrictEqual(['ABC']);
    await sqh.close();
  });

  it('abort the write when a before hook throws, leaving nothing written', async () => {
    const backend = recordingBackend('mem');
    const model = tracedModel([], {
      beforeCreate: () => {
        throw new Error('quota exceeded');
      },
    });
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [model] });
    await expect(sqh.records.create('t1', 'lab', 'Sample', { code: 'a', value: 1 })).rejects.toThrow(
      'quota exceeded',
    );
    expect(backend.calls).toStrictEqual([]);
    await sqh.close();
  });

  it('abort when validateOrRaise refuses the data', async () => {
    const backend = recordingBackend('mem');
    const model = tracedModel([], {
      validateOrRaise: (_ctx: HookContext, data: { value?: number }) => {
        if ((data.value ?? 0) < 0)
          throw new ValidationError('value must not be negative', [{ path: ['value'], message: 'negative' }]);
      },
    });
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [model] });
    await expect(sqh.records.create('t1', 'lab', 'Sample', { code: 'a', value: -1 })).rejects.toThrow(
      /negative/,
    );
    await expect(
      sqh.records.batchCreate('t1', 'lab', 'Sample', [
        { code: 'a', value: 1 },
        { code: 'b', value: -1 },
      ]),
    ).rejects.toMatchObject({
      issues: [{ row: 1, path: ['value'] }],
    });
    expect(backend.calls).toStrictEqual([]);
    await sqh.close();
  });

  it('abort a delete when beforeDelete throws', async () => {
    const backend = recordingBackend('mem');
    const model = tracedModel([], {
      beforeDelete: () => {
        throw new Error('records under legal hold cannot be deleted');
      },
    });
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [model] });
    const created = await sqh.records.create('t1', 'lab', 'Sample', { code: 'a', value: 1 });
    await expect(sqh.records.delete('t1', 'lab', 'Sample', created.id)).rejects.toThrow(/legal hold/);
    expect(await sqh.records.get('t1', 'lab', 'Sample', created.id)).not.toBeNull();
    await sqh.close();
  });

  it('re-validate what a before hook returns', async () => {
    const backend = recordingBackend('mem');
    const model = tracedModel([], { beforeCreate: () => ({ code: 42, value: 1 }) });
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [model] });
    await expect(sqh.records.create('t1', 'lab', 'Sample', { code: 'a', value: 1 })).rejects.toThrow(
      /from beforeCreate/,
    );
    expect(backend.calls).toStrictEqual([]);
    await sqh.close();
  });

  it('receive the same context shape for every backend, with the row index in batches', async () => {
    const contexts: HookContext[] = [];
    const model = tracedModel([], { validateOrRaise: (ctx: HookContext) => void contexts.push(ctx) });
    const sqh = await createSqh({ plugins: [pluginOf(recordingBackend('mem'))], models: [model] });
    await sqh.records.batchCreate('t9', 'lab', 'Sample', [
      { code: 'a', value: 1 },
      { code: 'b', value: 2 },
    ]);
    expect(contexts).toStrictEqual([
      { tenantId: 't9', groupSlug: 'lab', modelName: 'Sample', operation: 'create', rowIndex: 0 },
      { tenantId: 't9', groupSlug: 'lab', modelName: 'Sample', operation: 'create', rowIndex: 1 },
    ]);
    await sqh.close();
  });
});
