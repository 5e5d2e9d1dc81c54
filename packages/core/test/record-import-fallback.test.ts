import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqh, ImportInterruptedError, type Sqh, ValidationError } from '../src/index.js';
import { Account } from './support/models.js';
import { pluginOf, type RecordingBackend, recordingBackend } from './support/recording-backend.js';

// A backend without importRows: core imports through batchCreate.
function* accounts(count: number, bad?: number): Generator<Record<string, unknown>> {
  for (let n = 0; n < count; n++) yield { name: n === bad ? 42 : `A${n}`, status: 'active' };
}

describe('import on a backend without streaming writes', () => {
  let graph: RecordingBackend;
  let sqh: Sqh;

  beforeEach(async () => {
    graph = recordingBackend('graph', { maxBatchSize: 500 });
    sqh = await createSqh({
      plugins: [pluginOf(graph), pluginOf(recordingBackend('table'))],
      models: [Account],
    });
  });
  afterEach(() => sqh.close());

  it('commits every commitEvery rows through batchCreate and says where a failure stopped it', async () => {
    const error = await sqh.records
      .import('t1', 'crm', 'AppCRMAccount', accounts(1_000, 730), { atomic: false, commitEvery: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect((error as ImportInterruptedError).committedRows).toBe(600);
    expect(graph.stored('t1')).toHaveLength(600);
    expect(graph.calls.filter((call) => call.method === 'batchCreate')).toHaveLength(2);

    const resumed = await sqh.records.import('t1', 'crm', 'AppCRMAccount', accounts(1_000), {
      atomic: false,
      commitEvery: 300,
      resumeAt: 600,
    });
    expect(resumed.count).toBe(400);
    expect(graph.stored('t1')).toHaveLength(1_000);
  });

  it('imports atomically up to the backend batch limit, and refuses more with advice', async () => {
    expect((await sqh.records.import('t2', 'crm', 'AppCRMAccount', accounts(500))).count).toBe(500);
    const error = await sqh.records
      .import('t3', 'crm', 'AppCRMAccount', accounts(501))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/atomic: false/);
    expect(graph.stored('t3')).toHaveLength(0);
  });
});
