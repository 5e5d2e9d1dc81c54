import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createSqh,
  defineModel,
  type SqhPlugin,
  StorageConfig,
  UnsupportedError,
} from '../src/index.js';
import { createServiceToken, RECORDS } from '../src/spi.js';
import { Account } from './support/models.js';
import { pluginOf, recordingBackend } from './support/recording-backend.js';

const GREETER = createServiceToken<{ greet(name: string): string }>('test.greeter');

describe('createSqh', () => {
  it('gives each instance its own container and registries', async () => {
    const greeter: SqhPlugin = {
      name: 'greeter',
      register: (_container, api) => api.provide(GREETER, { greet: (name) => `hello ${name}` }),
    };
    const a = await createSqh({ plugins: [pluginOf(recordingBackend('graph')), greeter], models: [Account] });
    const b = await createSqh({ plugins: [pluginOf(recordingBackend('graph'))], models: [Account] });
    expect(a.get(GREETER).greet('x')).toBe('hello x');
    expect(() => b.get(GREETER)).toThrow(/No service 'test.greeter'/);
    expect(a.container).not.toBe(b.container);
    expect(a.get(RECORDS)).toBe(a.records);
    const created = await a.records.create('t1', 'crm', 'AppCRMAccount', { name: 'A', status: 'active' });
    expect(await b.records.get('t1', 'crm', 'AppCRMAccount', created.id)).toBeNull();
    await a.close();
    await b.close();
  });

  it('refuses two backends for one key', async () => {
    await expect(
      createSqh({
        plugins: [
          pluginOf(recordingBackend('graph')),
          { ...pluginOf(recordingBackend('graph')), name: 'again' },
        ],
      }),
    ).rejects.toThrow(/Two backends are registered for storage key 'graph'/);
  });

  it('refuses a model whose backend is not registered, saying which plugin to add', async () => {
    await expect(createSqh({ models: [Account] })).rejects.toThrow(
      /No backend is registered for storage key 'graph'/,
    );
  });

  it('refuses a model that needs a capability its backend lacks', async () => {
    const Partitioned = defineModel({
      group: 'lab',
      name: 'P',
      schema: z.object({ at: z.date() }),
      storage: StorageConfig.custom('graph', { partitionBy: 'at' }),
    });
    await expect(
      createSqh({ plugins: [pluginOf(recordingBackend('graph'))], models: [Partitioned] }),
    ).rejects.toBeInstanceOf(UnsupportedError);
  });

  it('refuses a relation to an unregistered model', async () => {
    const Contact = defineModel({
      group: 'crm',
      name: 'AppCRMContact',
      schema: z.object({ account: z.string() }),
      storage: StorageConfig.custom('graph'),
      relations: { account: 'AppCRMAccount' },
    });
    await expect(
      createSqh({ plugins: [pluginOf(recordingBackend('graph'))], models: [Contact] }),
    ).rejects.toThrow(/points at crm\/AppCRMAccount, which is not registered/);
  });

  it('refuses an inverse name the target model already uses', async () => {
    const contactWith = (name: string, inverse: string) =>
      defineModel({
        group: 'crm',
        name,
        schema: z.object({ account: z.string() }),
        storage: StorageConfig.custom('graph'),
        relations: { account: { model: 'AppCRMAccount', inverse } },
      });
    const compose = (...models: ReturnType<typeof contactWith>[]) =>
      createSqh({ plugins: [pluginOf(recordingBackend('graph'))], models: [Account, ...models] });
    await expect(compose(contactWith('AppCRMContact', 'name'))).rejects.toThrow(
      /inverse name 'name' of relation 'account' is already taken on crm\/AppCRMAccount \(by a field\)/,
    );
    await expect(compose(contactWith('A', 'people'), contactWith('B', 'people'))).rejects.toThrow(
      /already taken on crm\/AppCRMAccount \(by crm\/A.account\)/,
    );
    const sqh = await compose(contactWith('A', 'people'));
    await sqh.close();
  });

  it('asks each backend to prepare each of its models at startup', async () => {
    const backend = recordingBackend('graph');
    const prepared: string[] = [];
    backend.prepareModel = (model) => void prepared.push(model.key);
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [Account] });
    expect(prepared).toEqual(['crm/AppCRMAccount']);
    await sqh.close();
  });

  it('closes plugin resources in reverse order, once', async () => {
    const closed: string[] = [];
    const plugin = (name: string): SqhPlugin => ({
      name,
      register: (_c, api) => api.onClose(() => void closed.push(name)),
    });
    const sqh = await createSqh({ plugins: [plugin('first'), plugin('second')] });
    await sqh.close();
    await sqh.close();
    expect(closed).toEqual(['second', 'first']);
  });

  it('releases what was registered when composition fails', async () => {
    const closed: string[] = [];
    const ok: SqhPlugin = { name: 'ok', register: (_c, api) => api.onClose(() => void closed.push('ok')) };
    const broken: SqhPlugin = {
      name: 'broken',
      register: () => {
        throw new ConfigurationError('bad options');
      },
    };
    await expect(createSqh({ plugins: [ok, broken] })).rejects.toThrow('bad options');
    expect(closed).toEqual(['ok']);
  });

  it('refuses a plugin listed twice', async () => {
    const plugin: SqhPlugin = { name: 'same', register: () => undefined };
    await expect(createSqh({ plugins: [plugin, plugin] })).rejects.toThrow(/listed twice/);
  });
});

describe('output formats', () => {
  it('has json built in', async () => {
    const sqh = await createSqh();
    expect(sqh.formats.format('json', [{ a: 1 }], { name: 'rows' })).toBe('[{"a":1}]');
    await sqh.close();
  });

  it('lets a plugin add a format, and says which plugin provides ison when it is missing', async () => {
    const csv: SqhPlugin = {
      name: 'csv',
      register: (_c, api) =>
        api.registerOutputFormat({
          name: 'csv',
          mediaType: 'text/csv',
          format: (rows) => rows.map((r) => Object.values(r).join(',')).join('\n'),
        }),
    };
    const sqh = await createSqh({ plugins: [csv] });
    expect(sqh.formats.format('csv', [{ a: 1, b: 2 }], { name: 'rows' })).toBe('1,2');
    expect(() => sqh.formats.get('ison')).toThrow(/isonPlugin\(\) from @sqh\/ison/);
    await sqh.close();
  });

  it('streams json without building one string', async () => {
    const sqh = await createSqh();
    async function* rows() {
      yield { a: 1 };
      yield { a: 2 };
    }
    const chunks: string[] = [];
    for await (const chunk of sqh.formats.get('json').formatStream!(rows(), { name: 'rows' }))
      chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(JSON.parse(chunks.join(''))).toEqual([{ a: 1 }, { a: 2 }]);
    await sqh.close();
  });
});
