import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSqh, defineModel, StorageConfig, UnsupportedError } from '../src/index.js';
import { pluginOf, recordingBackend } from './support/recording-backend.js';

const stationsOn = (backend: string) =>
  defineModel({
    group: 'ref',
    name: 'Station',
    schema: z.object({ code: z.string() }),
    storage: StorageConfig.custom(backend, { shared: true }),
  });

describe('shared models follow the sharedReference capability, not a backend name', () => {
  it('serves a shared model from a third-party backend that declares sharedReference', async () => {
    const store = recordingBackend('json-file', { sharedReference: true });
    const sqh = await createSqh({ plugins: [pluginOf(store)], models: [stationsOn('json-file')] });
    try {
      const created = await sqh.records.create(null, 'ref', 'Station', { code: 'ST-1' });
      expect(await sqh.records.get(null, 'ref', 'Station', created.id)).toEqual(created);
      expect(store.stored(null)).toHaveLength(1);
    } finally {
      await sqh.close();
    }
  });

  it('refuses it at createSqh on a backend without the capability, naming backend and model', async () => {
    const store = recordingBackend('json-file', { sharedReference: false });
    const attempt = createSqh({ plugins: [pluginOf(store)], models: [stationsOn('json-file')] });
    await expect(attempt).rejects.toThrow(UnsupportedError);
    await expect(
      createSqh({ plugins: [pluginOf(recordingBackend('json-file'))], models: [stationsOn('json-file')] }),
    ).rejects.toThrow(/ref\/Station is a shared model, but the 'json-file' backend cannot serve shared/);
  });
});
