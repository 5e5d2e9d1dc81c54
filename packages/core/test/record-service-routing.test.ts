import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqh, NotFoundError, type Sqh, SqhError, ValidationError } from '../src/index.js';
import { Account, LabResult } from './support/models.js';
import { pluginOf, type RecordingBackend, recordingBackend } from './support/recording-backend.js';

describe('PlatformGroupRecordService routing and validation', () => {
  let graph: RecordingBackend;
  let table: RecordingBackend;
  let sqh: Sqh;

  beforeEach(async () => {
    graph = recordingBackend('graph');
    table = recordingBackend('table');
    sqh = await createSqh({ plugins: [pluginOf(graph), pluginOf(table)], models: [Account, LabResult] });
  });
  afterEach(() => sqh.close());

  it('routes each model to the backend its storage config names', async () => {
    await sqh.records.create('t1', 'crm', 'AppCRMAccount', { name: 'Acme', status: 'active' });
    await sqh.records.create('t1', 'lab', 'AppLabResult', {
      station_code: 'S1',
      test_type: 'ph',
      value: 7,
      created_at: new Date(),
    });
    expect(graph.calls).toStrictEqual([{ method: 'create', tenantId: 't1', model: 'crm/AppCRMAccount' }]);
    expect(table.calls).toStrictEqual([{ method: 'create', tenantId: 't1', model: 'lab/AppLabResult' }]);
  });

  it('routes every operation, passing the tenant through', async () => {
    const created = await sqh.records.create('t2', 'crm', 'AppCRMAccount', {
      name: 'Acme',
      status: 'active',
    });
    await sqh.records.get('t2', 'crm', 'AppCRMAccount', created.id);
    await sqh.records.list('t2', 'crm', 'AppCRMAccount');
    await sqh.records.search('t2', 'crm', 'AppCRMAccount', 'ac');
    await sqh.records.count('t2', 'crm', 'AppCRMAccount');
    await sqh.records.update('t2', 'crm', 'AppCRMAccount', created.id, { status: 'inactive' });
    await sqh.records.batchCreate('t2', 'crm', 'AppCRMAccount', [{ name: 'B', status: 'active' }]);
    await sqh.records.delete('t2', 'crm', 'AppCRMAccount', created.id);
    expect(graph.calls.map((call) => call.method)).toStrictEqual([
      'create',
      'get',
      'list',
      'search',
      'count',
      'update',
      'batchCreate',
      'delete',
    ]);
    expect(new Set(graph.calls.map((call) => call.tenantId))).toStrictEqual(new Set(['t2']));
    expect(table.calls).toStrictEqual([]);
  });

  it('applies schema defaults before the backend sees the data', async () => {
    const record = await sqh.records.create('t1', 'crm', 'AppCRMAccount', { name: 'Acme', status: 'active' });
    expect(record.tags).toStrictEqual([]);
  });

  it('refuses unknown fields and wrong types with field paths, writing nothing', async () => {
    const attempt = sqh.records.create('t1', 'crm', 'AppCRMAccount', {
      name: 'Acme',
      status: 'gone',
      colour: 'red',
    });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((issue) => issue.path.join('.')).sort()).toStrictEqual(['colour', 'status']);
    expect(graph.calls).toStrictEqual([]);
  });

  it('refuses an update that names an unknown field or changes the id', async () => {
    const created = await sqh.records.create('t1', 'crm', 'AppCRMAccount', {
      name: 'Acme',
      status: 'active',
    });
    await expect(sqh.records.update('t1', 'crm', 'AppCRMAccount', created.id, { nme: 'x' })).rejects.toThrow(
      /unknown field 'nme'/,
    );
    await expect(
      sqh.records.update('t1', 'crm', 'AppCRMAccount', created.id, { id: 'other' }),
    ).rejects.toThrow(/cannot be changed/);
  });

  it('lets a patch clear an optional field with null, without applying defaults', async () => {
    const created = await sqh.records.create('t1', 'crm', 'AppCRMAccount', {
      name: 'Acme',
      status: 'active',
      employees: 5,
      tags: ['x'],
    });
    const updated = await sqh.records.update('t1', 'crm', 'AppCRMAccount', created.id, { employees: null });
    expect(updated).toStrictEqual({ id: created.id, name: 'Acme', status: 'active', tags: ['x'] });
  });

  it('gives a batch error the row index and writes nothing', async () => {
    const rows = [
      { name: 'A', status: 'active' },
      { name: 'B', status: 'active' },
      { name: '', status: 'nope' },
    ];
    const error = (await sqh.records
      .batchCreate('t1', 'crm', 'AppCRMAccount', rows)
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(new Set(error.issues.map((issue) => issue.row))).toStrictEqual(new Set([2]));
    expect(error.message).toMatch(/row 2/);
    expect(graph.calls).toStrictEqual([]);
  });

  it('refuses a batch larger than the backend accepts', async () => {
    const rows = Array.from({ length: 1_001 }, () => ({ name: 'A', status: 'active' }));
    await expect(sqh.records.batchCreate('t1', 'crm', 'AppCRMAccount', rows)).rejects.toThrow(
      /larger than the limit of 1000/,
    );
  });

  it('validates list options before any backend call', async () => {
    await expect(sqh.records.list('t1', 'lab', 'AppLabResult', { limit: 0 })).rejects.toThrow(
      /limit must be an integer/,
    );
    await expect(sqh.records.list('t1', 'lab', 'AppLabResult', { limit: 10_001 })).rejects.toThrow(
      ValidationError,
    );
    await expect(sqh.records.list('t1', 'lab', 'AppLabResult', { skip: -1 })).rejects.toThrow(/skip/);
    await expect(sqh.records.list('t1', 'lab', 'AppLabResult', { orderBy: ['colour'] })).rejects.toThrow(
      /unknown field 'colour'/,
    );
    expect(table.calls).toStrictEqual([]);
  });

  it('refuses a missing or malformed tenant id for tenant models', async () => {
    await expect(sqh.records.list(null, 'lab', 'AppLabResult')).rejects.toThrow(/tenant id is required/);
    await expect(sqh.records.list('bad tenant', 'lab', 'AppLabResult')).rejects.toThrow(/not valid/);
  });

  it('throws NotFoundError naming group and model for an unknown model', async () => {
    await expect(sqh.records.list('t1', 'lab', 'Nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(sqh.records.list('t1', 'lab', 'Nope')).rejects.toThrow(/'Nope' in group 'lab'/);
  });

  it('throws NotFoundError when updating a record that does not exist', async () => {
    await expect(
      sqh.records.update('t1', 'crm', 'AppCRMAccount', 'missing', { name: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('wraps an unexpected backend failure without leaking its message', async () => {
    graph.get = async () => {
      throw new Error('SELECT secret FROM pg_shadow -- password=hunter2');
    };
    const error = (await sqh.records
      .get('t1', 'crm', 'AppCRMAccount', 'x')
      .catch((e: unknown) => e)) as SqhError;
    expect(error).toBeInstanceOf(SqhError);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toMatch(/pg_shadow|hunter2/);
    expect((error.cause as Error).message).toMatch(/pg_shadow/);
  });

  it('stops before the backend when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      sqh.records.list('t1', 'lab', 'AppLabResult', {}, { signal: controller.signal }),
    ).rejects.toThrow();
    expect(table.calls).toStrictEqual([]);
  });

  it('returns set fields as Sets and dates as Dates whatever the backend returned', async () => {
    const { defineModel, StorageConfig } = await import('../src/index.js');
    const { z } = await import('zod');
    const Tagged = defineModel({
      group: 'misc',
      name: 'Tagged',
      schema: z.object({ labels: z.set(z.string()), at: z.date() }),
      storage: StorageConfig.custom('graph'),
    });
    const other = await createSqh({ plugins: [pluginOf(recordingBackend('graph'))], models: [Tagged] });
    const created = await other.records.create('t1', 'misc', 'Tagged', {
      labels: new Set(['a', 'b']),
      at: new Date(0),
    });
    expect(created.labels).toStrictEqual(new Set(['a', 'b']));
    expect(created.at).toStrictEqual(new Date(0));
    await other.close();
  });
});

describe('errors from a plugin with its own copy of @sqh/core', () => {
  it('are recognised by their code and passed through unwrapped', async () => {
    const backend = recordingBackend('graph');
    backend.get = async () => {
      throw Object.assign(new Error('Record is locked by another writer; retry.'), { code: 'CONFLICT' });
    };
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [Account] });
    const error = (await sqh.records
      .get('t1', 'crm', 'AppCRMAccount', 'x')
      .catch((e: unknown) => e)) as SqhError;
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Record is locked by another writer; retry.');
    await sqh.close();
  });
});

describe('what the backend receives', () => {
  it('is the output of the schema whenever parsing rewrites values', async () => {
    const { defineModel, StorageConfig } = await import('../src/index.js');
    const { z } = await import('zod');
    const Rewritten = defineModel({
      group: 'misc',
      name: 'Rewritten',
      schema: z.object({
        code: z.string().trim().toUpperCase(),
        meta: z.object({ a: z.string() }),
        level: z.number().default(3),
      }),
      storage: StorageConfig.custom('graph'),
    });
    const backend = recordingBackend('graph');
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [Rewritten] });
    await sqh.records.batchCreate('t1', 'misc', 'Rewritten', [{ code: '  ab ', meta: { a: 'x', extra: 1 } }]);
    expect(backend.stored('t1').map(({ id: _id, ...row }) => row)).toStrictEqual([
      { code: 'AB', meta: { a: 'x' }, level: 3 },
    ]);
    await sqh.close();
  });

  it('keeps validation-only rows as given, id included', async () => {
    const backend = recordingBackend('table');
    const sqh = await createSqh({ plugins: [pluginOf(backend)], models: [LabResult] });
    const at = new Date('2026-01-01T00:00:00Z');
    await sqh.records.batchCreate('t1', 'lab', 'AppLabResult', [
      { id: 'r1', station_code: 'S', test_type: 'ph', value: 7, created_at: at },
    ]);
    expect(backend.stored('t1')).toStrictEqual([
      { id: 'r1', station_code: 'S', test_type: 'ph', value: 7, created_at: at },
    ]);
    await sqh.close();
  });
});
