import { createSqh, defineModel, StorageConfig, UnsupportedError } from '@sqh/core';
import { compareCodePoints } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryBackend, MEMORY_BACKEND_KEY, memoryBackend } from '../src/index.js';

const Note = defineModel({
  group: 'demo',
  name: 'Note',
  storage: StorageConfig.custom(MEMORY_BACKEND_KEY),
  schema: z.object({ text: z.string(), tags: z.array(z.string()) }),
});

describe('memory backend', () => {
  it('generates ids that sort in creation order', async () => {
    const sqh = await createSqh({ plugins: [memoryBackend()], models: [Note] });
    const ids: string[] = [];
    for (let index = 0; index < 50; index++) {
      ids.push(
        (await sqh.records.create('tenant-1', 'demo', 'Note', { text: `note ${index}`, tags: [] })).id,
      );
    }
    expect([...ids].sort(compareCodePoints)).toStrictEqual(ids);
    expect((await sqh.records.list('tenant-1', 'demo', 'Note')).map((record) => record.id)).toStrictEqual(
      ids,
    );
  });

  it('keeps what it stored when a direct SPI caller changes its input afterwards', async () => {
    const backend = createMemoryBackend();
    const ctx = { tenantId: 'tenant-1' };
    const data = { text: 'original', tags: ['a'] };
    const created = await backend.create(ctx, Note, data);
    data.tags.push('changed later');
    expect(await backend.get(ctx, Note, created.id)).toStrictEqual({
      id: created.id,
      text: 'original',
      tags: ['a'],
    });
  });

  it('shares nothing between two plugin instances', async () => {
    const first = await createSqh({ plugins: [memoryBackend()], models: [Note] });
    const second = await createSqh({ plugins: [memoryBackend()], models: [Note] });
    await first.records.create('tenant-1', 'demo', 'Note', { id: 'n1', text: 'only in first', tags: [] });
    expect(await second.records.get('tenant-1', 'demo', 'Note', 'n1')).toBeNull();
  });

  it('forgets every record when closed', async () => {
    const backend = createMemoryBackend();
    const ctx = { tenantId: 'tenant-1' };
    const created = await backend.create(ctx, Note, { text: 'temporary', tags: [] });
    await backend.close?.();
    expect(await backend.get(ctx, Note, created.id)).toBeNull();
  });

  it('refuses a model that needs partitioning, which it does not declare', async () => {
    const Reading = defineModel({
      group: 'demo',
      name: 'Reading',
      storage: StorageConfig.custom(MEMORY_BACKEND_KEY, { partitionBy: 'takenAt' }),
      schema: z.object({ takenAt: z.date() }),
    });
    await expect(createSqh({ plugins: [memoryBackend()], models: [Reading] })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });
});
