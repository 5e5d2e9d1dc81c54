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
import type { StorageBackendProtocol } from '../src/spi.js';
import { Account, LabResult } from './support/models.js';
import { pluginOf, type RecordingBackend, recordingBackend } from './support/recording-backend.js';

/** Holds a call open in its beforeCreate hook until `open()` is called. */
function latch() {
  let open = () => {};
  let entered = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    entered = resolve;
  });
  return { opened, reached, entered: () => entered(), open: () => open() };
}

let gate = latch();
const HeldNote = defineModel({
  group: 'ops',
  name: 'HeldNote',
  schema: z.object({ text: z.string() }),
  storage: StorageConfig.custom('graph'),
  hooks: {
    async beforeCreate() {
      gate.entered();
      await gate.opened;
    },
  },
});

const open: Sqh[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sqh) => sqh.close()));
});

async function compose(backends: readonly StorageBackendProtocol[], tenants: TenantOptions = {}) {
  const sqh = await createSqh({
    plugins: backends.map(pluginOf),
    models: [Account, LabResult, HeldNote],
    tenants,
  });
  open.push(sqh);
  return sqh;
}

function lifecycleCalls(backend: RecordingBackend, method: string) {
  return backend.calls.filter((call) => call.method === method).map((call) => call.tenantId);
}

describe('sqh.tenants.provision', () => {
  it('provisions the tenant in every backend with the lifecycle capability and names the lazy ones', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const table = recordingBackend('table');
    const sqh = await compose([graph, table]);

    const result = await sqh.tenants.provision('acme');

    expect(result).toEqual({ tenantId: 'acme', provisioned: ['graph'], lazy: ['table'] });
    expect(lifecycleCalls(graph, 'provisionTenant')).toEqual(['acme']);
    expect((await sqh.tenants.describe('acme')).provisioned).toBe(true);
  });

  it('shares one provisioning between concurrent callers, and provisions again when asked later', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')]);

    await Promise.all([
      sqh.tenants.provision('acme'),
      sqh.tenants.provision('acme'),
      sqh.tenants.provision('acme'),
    ]);
    expect(lifecycleCalls(graph, 'provisionTenant')).toEqual(['acme']);

    await sqh.tenants.provision('acme');
    expect(lifecycleCalls(graph, 'provisionTenant')).toEqual(['acme', 'acme']);
  });

  it('refuses a malformed tenant id before any backend is called', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')]);

    await expect(sqh.tenants.provision('no spaces')).rejects.toBeInstanceOf(ValidationError);
    expect(graph.calls).toEqual([]);
  });
});

describe('sqh.tenants.deprovision', () => {
  it('needs the tenant id repeated as confirmation, and drops nothing without it', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')]);
    const kept = await sqh.records.create('acme', 'crm', 'AppCRMAccount', { name: 'A', status: 'active' });

    for (const options of [undefined, {}, { confirm: 'other' }, { confirm: true }]) {
      const error = await sqh.tenants
        .deprovision('acme', options as never)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toContain("{ confirm: 'acme' }");
    }
    expect(lifecycleCalls(graph, 'deprovisionTenant')).toEqual([]);
    expect(await sqh.records.get('acme', 'crm', 'AppCRMAccount', kept.id)).not.toBeNull();
  });

  it('drops the tenant in every lifecycle backend and reports the backends it could not touch', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')]);
    const gone = await sqh.records.create('acme', 'crm', 'AppCRMAccount', { name: 'A', status: 'active' });
    const other = await sqh.records.create('globex', 'crm', 'AppCRMAccount', { name: 'G', status: 'active' });

    const result = await sqh.tenants.deprovision('acme', { confirm: 'acme' });

    expect(result).toEqual({ tenantId: 'acme', deprovisioned: ['graph'], untouched: ['table'] });
    expect(await sqh.records.get('acme', 'crm', 'AppCRMAccount', gone.id)).toBeNull();
    expect(await sqh.records.get('globex', 'crm', 'AppCRMAccount', other.id)).not.toBeNull();
  });

  it('refuses while the tenant has a call in flight, and leaves the tenant as it was', async () => {
    gate = latch();
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')]);
    const creating = sqh.records.create('acme', 'ops', 'HeldNote', { text: 'in flight' });
    await gate.reached;

    const error = await sqh.tenants
      .deprovision('acme', { confirm: 'acme' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toMatch(/1 call\(s\) in flight.*whenBusy: 'wait'/);
    gate.open();
    const created = await creating;
    expect(await sqh.records.get('acme', 'ops', 'HeldNote', created.id)).not.toBeNull();
    expect(lifecycleCalls(graph, 'deprovisionTenant')).toEqual([]);
  });

  it("with whenBusy 'wait', refuses new calls, waits for those in flight, then drops the tenant", async () => {
    gate = latch();
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')]);
    const creating = sqh.records.create('acme', 'ops', 'HeldNote', { text: 'in flight' });
    await gate.reached;

    const deprovisioning = sqh.tenants.deprovision('acme', { confirm: 'acme', whenBusy: 'wait' });
    await expect(sqh.records.count('acme', 'ops', 'HeldNote')).rejects.toThrow(/being deprovisioned/);
    await expect(sqh.records.count('globex', 'ops', 'HeldNote')).resolves.toBe(0);
    expect(lifecycleCalls(graph, 'deprovisionTenant')).toEqual([]);

    gate.open();
    const created = await creating;
    await deprovisioning;
    expect(lifecycleCalls(graph, 'deprovisionTenant')).toEqual(['acme']);
    expect(await sqh.records.get('acme', 'ops', 'HeldNote', created.id)).toBeNull();
  });

  it('gives up waiting after the drain timeout, drops nothing and admits calls again', async () => {
    gate = latch();
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')], {
      whenBusy: 'wait',
      drainTimeoutMillis: 20,
    });
    const creating = sqh.records.create('acme', 'ops', 'HeldNote', { text: 'slow' });
    await gate.reached;

    await expect(sqh.tenants.deprovision('acme', { confirm: 'acme' })).rejects.toThrow(
      /still had 1 call\(s\) in flight after 20 ms/,
    );
    expect(lifecycleCalls(graph, 'deprovisionTenant')).toEqual([]);
    gate.open();
    await creating;
    expect(await sqh.records.count('acme', 'ops', 'HeldNote')).toBe(1);
  });

  it('stops waiting when its signal aborts', async () => {
    gate = latch();
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const sqh = await compose([graph, recordingBackend('table')]);
    const creating = sqh.records.create('acme', 'ops', 'HeldNote', { text: 'slow' });
    await gate.reached;
    const abort = new AbortController();

    const deprovisioning = sqh.tenants.deprovision('acme', {
      confirm: 'acme',
      whenBusy: 'wait',
      signal: abort.signal,
    });
    abort.abort();

    await expect(deprovisioning).rejects.toThrow(/aborted/);
    gate.open();
    await creating;
    expect(lifecycleCalls(graph, 'deprovisionTenant')).toEqual([]);
  });
});

describe('sqh.tenants.describe', () => {
  it('reports where the tenant lives and which models hold rows, without creating anything', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const table = recordingBackend('table');
    const sqh = await compose([graph, table]);

    const before = await sqh.tenants.describe('acme');
    expect(before.provisioned).toBe(false);
    expect(before.undescribed).toEqual(['table']);
    expect(before.backends).toEqual([
      {
        backend: 'graph',
        provisioned: false,
        server: 'memory',
        database: 'graph-acme',
        models: [
          { model: 'crm/AppCRMAccount', stored: false },
          { model: 'ops/HeldNote', stored: false },
        ],
      },
    ]);

    await sqh.records.create('acme', 'crm', 'AppCRMAccount', { name: 'A', status: 'active' });
    await sqh.records.create('acme', 'crm', 'AppCRMAccount', { name: 'B', status: 'active' });
    const after = await sqh.tenants.describe('acme');
    expect(after.provisioned).toBe(true);
    expect(after.backends[0]?.models[0]).toEqual({
      model: 'crm/AppCRMAccount',
      stored: true,
      rows: 2,
      rowsExact: true,
    });
  });
});

describe('strict tenants', () => {
  it('refuses calls for a tenant that was never provisioned, before the backend sees them', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const table = recordingBackend('table', { tenantLifecycle: true });
    const sqh = await compose([graph, table], { strict: true });

    const error = await sqh.records
      .create('acme', 'crm', 'AppCRMAccount', { name: 'A', status: 'active' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TenantNotProvisionedError);
    expect((error as TenantNotProvisionedError).code).toBe('NOT_FOUND');
    expect((error as Error).message).toContain("sqh.tenants.provision('acme')");
    expect(graph.calls.map((call) => call.method)).toEqual(['tenantExists']);
  });

  it('gates a streaming import like every other record call', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const table = recordingBackend('table', { tenantLifecycle: true });
    const sqh = await compose([graph, table], { strict: true });

    const error = await sqh.records
      .import('acme', 'crm', 'AppCRMAccount', [{ name: 'A', status: 'active' }])
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TenantNotProvisionedError);
    expect(graph.calls.map((call) => call.method)).toEqual(['tenantExists']);
  });

  it('serves the tenant once provisioned, and refuses it again after deprovisioning', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const table = recordingBackend('table', { tenantLifecycle: true });
    const sqh = await compose([graph, table], { strict: true });

    await sqh.tenants.provision('acme');
    const created = await sqh.records.create('acme', 'crm', 'AppCRMAccount', { name: 'A', status: 'active' });
    expect(await sqh.records.get('acme', 'crm', 'AppCRMAccount', created.id)).not.toBeNull();
    expect(lifecycleCalls(graph, 'tenantExists')).toEqual([]);

    await sqh.tenants.deprovision('acme', { confirm: 'acme' });
    await expect(sqh.records.count('acme', 'crm', 'AppCRMAccount')).rejects.toBeInstanceOf(
      TenantNotProvisionedError,
    );
  });

  it('accepts a tenant another process provisioned, asking the backend once', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const table = recordingBackend('table', { tenantLifecycle: true });
    await graph.provisionTenant?.('acme', {});
    const sqh = await compose([graph, table], { strict: true });

    expect(await sqh.records.count('acme', 'crm', 'AppCRMAccount')).toBe(0);
    expect(await sqh.records.count('acme', 'crm', 'AppCRMAccount')).toBe(0);
    expect(lifecycleCalls(graph, 'tenantExists')).toEqual(['acme']);
  });

  it('is refused at composition when a backend storing tenant models cannot check provisioning', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    await expect(compose([graph, recordingBackend('table')], { strict: true })).rejects.toThrow(
      /'table' has no tenantLifecycle capability/,
    );
  });
});

describe('lifecycle capability', () => {
  it('refuses a backend that declares the capability without its methods', async () => {
    const graph = recordingBackend('graph', { tenantLifecycle: true });
    const broken = { ...graph, deprovisionTenant: undefined };
    const error = await compose([broken, recordingBackend('table')]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('lacks deprovisionTenant');
  });
});

describe('sqh.initialize', () => {
  it("collects every backend's platform initialization and what the servers lack", async () => {
    const graph = recordingBackend('graph');
    const table: StorageBackendProtocol = {
      ...recordingBackend('table'),
      initialize: async () => ({
        database: 'shared',
        extensions: { postgis: false, pg_trgm: true },
        missing: ['postgis'],
      }),
    };
    const sqh = await compose([graph, table]);

    expect(await sqh.initialize()).toEqual({
      backends: [
        {
          backend: 'table',
          database: 'shared',
          extensions: { postgis: false, pg_trgm: true },
          missing: ['postgis'],
        },
      ],
      missing: ['table: postgis'],
    });
  });
});
