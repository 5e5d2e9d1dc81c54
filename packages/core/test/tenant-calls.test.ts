import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  ConflictError,
  createSqh,
  defineModel,
  type Sqh,
  StorageConfig,
  TenantNotProvisionedError,
  type TenantOptions,
  ValidationError,
} from '../src/index.js';
import { TENANT_CALLS, type TenantCalls } from '../src/spi.js';
import { pluginOf, type RecordingBackend, recordingBackend } from './support/recording-backend.js';

const Note = defineModel({
  group: 'ops',
  name: 'Note',
  schema: z.object({ text: z.string() }),
  storage: StorageConfig.custom('graph'),
});

/** A promise the test settles by hand, standing in for a query that takes a while. */
function held<T = void>() {
  let settle = (_value: T) => {};
  const promise = new Promise<T>((resolve) => {
    settle = resolve;
  });
  return { promise, settle: (value: T) => settle(value) };
}

const open: Sqh[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sqh) => sqh.close()));
});

/** An sqh with one lifecycle-capable backend and a third-party plugin that took TENANT_CALLS from the api. */
async function compose(tenants: TenantOptions = {}) {
  const backend: RecordingBackend = recordingBackend('graph', { tenantLifecycle: true });
  let calls: TenantCalls | undefined;
  const sqh = await createSqh({
    plugins: [
      pluginOf(backend),
      {
        name: 'third-party-query',
        register: (_container, api) => {
          calls = api.get(TENANT_CALLS);
        },
      },
    ],
    models: [Note],
    tenants,
  });
  open.push(sqh);
  return { sqh, backend, calls: calls as TenantCalls };
}

const DROPPED = { tenantId: 'acme', deprovisioned: ['graph'] };

async function* numbers(count: number) {
  for (let n = 0; n < count; n++) yield n;
}

describe('TENANT_CALLS (the tenant gate for plugins)', () => {
  it('is the composition container service too, and counts a run as in flight until it settles', async () => {
    const { sqh, calls } = await compose();
    expect(sqh.get(TENANT_CALLS)).toBe(calls);
    const work = held<string>();

    const running = calls.run('acme', { backend: 'graph' }, () => work.promise);

    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).rejects.toThrow(ConflictError);
    work.settle('rows');
    await expect(running).resolves.toBe('rows');
    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).resolves.toMatchObject({
      deprovisioned: ['graph'],
    });
  });

  it("with whenBusy 'wait', deprovisioning waits for a run and refuses new runs and streams meanwhile", async () => {
    const { sqh, backend, calls } = await compose();
    const work = held();
    const running = calls.run('acme', { backend: 'graph' }, () => work.promise);

    const dropping = sqh.tenants.deprovision('acme', { confirm: 'acme', whenBusy: 'wait' });
    let started = 0;
    await expect(
      calls.run('acme', { backend: 'graph' }, async () => {
        started++;
      }),
    ).rejects.toThrow(ConflictError);
    const refused = calls.stream('acme', { backend: 'graph' }, () => {
      started++;
      return numbers(3);
    });
    await expect(refused[Symbol.asyncIterator]().next()).rejects.toThrow(ConflictError);
    expect(started).toBe(0);
    expect(backend.calls.some((call) => call.method === 'deprovisionTenant')).toBe(false);

    work.settle();
    await running;
    await expect(dropping).resolves.toMatchObject({ deprovisioned: ['graph'] });
    await expect(calls.run('acme', { backend: 'graph' }, async () => 'again')).resolves.toBe('again');
  });

  it('holds the tenant from the first row of a stream until the consumer stops, not before', async () => {
    const { sqh, calls } = await compose();
    const stream = calls.stream('acme', { backend: 'graph' }, () => numbers(5));
    // Not iterated yet: nothing holds the tenant.
    await sqh.tenants.provision('acme');
    const idle = await sqh.tenants.deprovision('acme', { confirm: 'acme' });
    expect(idle.deprovisioned).toEqual(['graph']);

    const rows: number[] = [];
    for await (const row of stream) {
      rows.push(row);
      if (row === 0) {
        await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).rejects.toThrow(ConflictError);
      }
      if (row === 2) break;
    }
    expect(rows).toEqual([0, 1, 2]);
    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).resolves.toMatchObject(DROPPED);
  });

  it('leaves the tenant when a stream fails, and when it is closed with return()', async () => {
    const { sqh, calls } = await compose();
    const failing = calls.stream('acme', { backend: 'graph' }, async function* () {
      yield 1;
      throw new Error('connection lost');
    });
    await expect(async () => {
      for await (const _row of failing);
    }).rejects.toThrow('connection lost');
    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).resolves.toMatchObject(DROPPED);

    const iterator = calls.stream('acme', { backend: 'graph' }, () => numbers(5))[Symbol.asyncIterator]();
    await iterator.next();
    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).rejects.toThrow(ConflictError);
    await iterator.return?.();
    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).resolves.toMatchObject(DROPPED);
  });

  it('in strict mode refuses an unprovisioned tenant before the work starts, for runs and streams', async () => {
    const { sqh, calls } = await compose({ strict: true });
    let started = 0;
    const work = async () => {
      started++;
      return 'rows';
    };

    await expect(calls.run('acme', { backend: 'graph' }, work)).rejects.toThrow(TenantNotProvisionedError);
    const stream = calls.stream('acme', { backend: 'graph' }, () => {
      started++;
      return numbers(1);
    });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(TenantNotProvisionedError);
    expect(started).toBe(0);
    // A refused stream holds nothing.
    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).resolves.toMatchObject(DROPPED);

    await sqh.tenants.provision('acme');
    await expect(calls.run('acme', { backend: 'graph' }, work)).resolves.toBe('rows');
    const rows: number[] = [];
    for await (const row of calls.stream('acme', { backend: 'graph' }, () => numbers(2))) rows.push(row);
    expect(rows).toEqual([0, 1]);
  });

  it('runs calls without a tenant ungated, and refuses a malformed tenant id or an unknown backend', async () => {
    const { sqh, calls } = await compose({ strict: true });
    await expect(calls.run(null, { backend: 'graph' }, async () => 'shared')).resolves.toBe('shared');
    const rows: number[] = [];
    for await (const row of calls.stream(null, { backend: 'graph' }, () => numbers(2))) rows.push(row);
    expect(rows).toEqual([0, 1]);

    let started = 0;
    const work = async () => {
      started++;
    };
    await expect(calls.run('bad tenant!', { backend: 'graph' }, work)).rejects.toThrow(ValidationError);
    await sqh.tenants.provision('acme');
    await expect(calls.run('acme', { backend: 'nowhere' }, work)).rejects.toThrow(ConfigurationError);
    expect(started).toBe(0);
  });
});
