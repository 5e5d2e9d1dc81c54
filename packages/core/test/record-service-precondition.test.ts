import { afterEach, describe, expect, it } from 'vitest';
import { createSqh, type Sqh } from '../src/index.js';
import { Account } from './support/models.js';
import { pluginOf, type RecordingBackend, recordingBackend } from './support/recording-backend.js';

describe("update's 'if' precondition in the record service", () => {
  let sqh: Sqh | undefined;
  afterEach(() => sqh?.close());

  async function compose(backend: RecordingBackend): Promise<Sqh> {
    sqh = await createSqh({ plugins: [pluginOf(backend)], models: [Account] });
    return sqh;
  }

  it('hands the backend the validated, normalised condition', async () => {
    const graph = recordingBackend('graph', { conditionalUpdates: true });
    const { records } = await compose(graph);
    const created = await records.create('t1', 'crm', 'AppCRMAccount', { name: 'Acme', status: 'active' });
    await records.update(
      't1',
      'crm',
      'AppCRMAccount',
      created.id,
      { employees: 3 },
      { if: { name: 'Acme' } },
    );
    expect(graph.calls.at(-1)).toStrictEqual({
      method: 'update',
      tenantId: 't1',
      model: 'crm/AppCRMAccount',
      condition: { kind: 'compare', field: 'name', op: 'eq', value: 'Acme' },
    });
  });

  it('refuses a condition naming an unknown field before the backend is called', async () => {
    const graph = recordingBackend('graph', { conditionalUpdates: true });
    const { records } = await compose(graph);
    const created = await records.create('t1', 'crm', 'AppCRMAccount', { name: 'Acme', status: 'active' });
    await expect(
      records.update('t1', 'crm', 'AppCRMAccount', created.id, { employees: 3 }, { if: { nme: 'Acme' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("unknown field 'nme'") });
    expect(graph.calls.map((call) => call.method)).toStrictEqual(['create']);
  });

  it('is UNSUPPORTED on a backend that cannot check it atomically, and nothing is written', async () => {
    const graph = recordingBackend('graph');
    const { records } = await compose(graph);
    const created = await records.create('t1', 'crm', 'AppCRMAccount', { name: 'Acme', status: 'active' });
    await expect(
      records.update('t1', 'crm', 'AppCRMAccount', created.id, { employees: 3 }, { if: { name: 'Acme' } }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(graph.calls.map((call) => call.method)).toStrictEqual(['create']);
    expect(graph.stored('t1')[0]).not.toHaveProperty('employees');
  });
});
