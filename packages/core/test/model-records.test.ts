import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError, createSqh, defineModel, NotFoundError, StorageConfig } from '../src/index.js';
import { LabResult } from './support/models.js';
import { pluginOf, recordingBackend } from './support/recording-backend.js';

describe('sqh.records.of(model)', () => {
  it('does CRUD on one model with records typed from its schema', async () => {
    const sqh = await createSqh({ plugins: [pluginOf(recordingBackend('table'))], models: [LabResult] });
    const labs = sqh.records.of(LabResult);
    const at = new Date('2026-05-01T00:00:00Z');
    const created = await labs.create('t1', {
      station_code: 'S1',
      test_type: 'ph',
      value: 7.1,
      created_at: at,
    });
    expectTypeOf(created.value).toEqualTypeOf<number>();
    expectTypeOf(created.id).toEqualTypeOf<string>();
    expect(created).toMatchObject({ station_code: 'S1', value: 7.1, created_at: at });
    const updated = await labs.update('t1', created.id, { value: 7.4, note: null });
    expect(updated.value).toBe(7.4);
    expect((await labs.list('t1', { filters: { value: { $gt: 7 } } })).map((r) => r.id)).toStrictEqual([
      created.id,
    ]);
    expect(await labs.count('t1')).toBe(1);
    // Field names in filters, orderBy and search fields are checked against the schema (and at run time).
    await labs.list('t1', {
      filters: { $or: [{ station_code: 'S1' }, { id: 'x' }] },
      orderBy: ['-value', 'id'],
    });
    // @ts-expect-error 'valu' is not a field of LabResult
    await expect(labs.list('t1', { filters: { valu: 7 } })).rejects.toThrow(/valu/);
    // @ts-expect-error nor in a nested $and
    await expect(labs.count('t1', { $and: [{ stationcode: 'S1' }] })).rejects.toThrow(/stationcode/);
    // @ts-expect-error orderBy names a field, '-' prefixed for descending
    await expect(labs.list('t1', { orderBy: ['-nope'] })).rejects.toThrow(/nope/);
    // @ts-expect-error search fields are fields
    await expect(labs.search('t1', 's1', { fields: ['nope'] })).rejects.toThrow(/nope/);
    const batch = await labs.batchCreate('t1', [
      { station_code: 'S2', test_type: 'do', value: 9, created_at: at },
    ]);
    expect(batch.count).toBe(1);
    expect(await labs.delete('t1', created.id)).toBe(true);
    expect(await labs.get('t1', created.id)).toBeNull();
    await sqh.close();
  });

  it('validates like the string-keyed service', async () => {
    const sqh = await createSqh({ plugins: [pluginOf(recordingBackend('table'))], models: [LabResult] });
    const labs = sqh.records.of(LabResult);
    await expect(labs.update('t1', 'missing', { value: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      labs.create('t1', { station_code: 'S', test_type: 'ph', value: 'x' } as never),
    ).rejects.toThrow(/value/);
    await sqh.close();
  });

  it('refuses a model this sqh does not know by that definition', async () => {
    const sqh = await createSqh({ plugins: [pluginOf(recordingBackend('table'))], models: [LabResult] });
    const lookalike = defineModel({
      group: 'lab',
      name: 'AppLabResult',
      schema: z.object({ value: z.number() }),
      storage: StorageConfig.custom('table'),
    });
    expect(() => sqh.records.of(lookalike)).toThrow(ConfigurationError);
    await sqh.close();
  });
});
