import { TERMINUS_BACKEND, terminusBackend } from '@sqh/backend-terminus';
import { ConflictError, createSqh, type Sqh, TenantNotProvisionedError } from '@sqh/core';
import { afterEach, describe, expect, it } from 'vitest';
import { GRAPH_QUERY, graphQueryPlugin, type TerminusDBQueryService } from '../src/index.js';
import { crmModels } from './support/crm-graph.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);
const open: { sqh: Sqh; tenant: string }[] = [];

afterEach(async () => {
  for (const { sqh, tenant } of open.splice(0)) {
    await sqh.get(TERMINUS_BACKEND).dropTenant(tenant);
    await sqh.close();
  }
});

/**
 * A fetch that, once armed, holds every WOQL request before it reaches TerminusDB until
 * `release()`: a graph query held inside the backend call.
 */
function holdingFetch(inner: typeof globalThis.fetch) {
  let armed: { reached: () => void; released: Promise<void> } | undefined;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const hold = armed;
    if (hold && String(input).includes('/api/woql/')) {
      hold.reached();
      await hold.released;
    }
    return inner(input, init);
  };
  return {
    fetch,
    /** Holds the next WOQL requests; resolves `reached` when the first arrives. */
    arm() {
      let reached = () => {};
      let release = () => {};
      const arrived = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      armed = { reached, released };
      return {
        arrived,
        release: () => {
          armed = undefined;
          release();
        },
      };
    },
  };
}

async function compose(label: string, options: { strict?: boolean } = {}) {
  const holding = holdingFetch(server().options.fetch ?? globalThis.fetch);
  const sqh = await createSqh({
    plugins: [terminusBackend({ ...server().options, fetch: holding.fetch }), graphQueryPlugin()],
    models: crmModels,
    tenants: { strict: options.strict ?? false },
  });
  const tenant = `qg-gate-${run}-${label}`;
  open.push({ sqh, tenant });
  return { sqh, tenant, graph: sqh.get(GRAPH_QUERY), holding };
}

async function seed(sqh: Sqh, tenant: string) {
  await sqh.records.create(tenant, 'crm', 'AppCRMAccount', { id: 'a1', name: 'Acme', region: 'north' });
  await sqh.records.create(tenant, 'crm', 'AppCRMContact', {
    id: 'c1',
    name: 'Ada',
    region: 'north',
    account: 'AppCRMAccount/a1',
  });
}

const CONTACTS = { startId: 'AppCRMAccount/a1', path: 'contacts' };

/** One call of every query-graph entry point. */
function everyCall(graph: TerminusDBQueryService, tenant: string): [string, () => Promise<unknown>][] {
  return [
    ['traverse', () => graph.traverse(tenant, 'crm', 'AppCRMAccount', CONTACTS)],
    [
      'pathQuery',
      () =>
        graph.pathQuery(tenant, {
          from: { group: 'crm', model: 'AppCRMAccount', id: 'a1' },
          to: { group: 'crm', model: 'AppCRMContact', id: 'c1' },
        }),
    ],
    ['subgraph', () => graph.subgraph(tenant, 'crm', 'AppCRMAccount', { rootId: 'AppCRMAccount/a1' })],
    [
      'woqlQuery',
      () =>
        graph.woqlQuery(tenant, {
          '@type': 'Triple',
          subject: { '@type': 'NodeValue', variable: 's' },
          predicate: { '@type': 'NodeValue', variable: 'p' },
          object: { '@type': 'Value', variable: 'o' },
        }),
    ],
  ];
}

async function databaseExists(sqh: Sqh, tenant: string): Promise<boolean> {
  const terminus = sqh.get(TERMINUS_BACKEND);
  return terminus.client.databaseExists(terminus.databaseFor(tenant));
}

describe('query-graph calls go through the tenant gate', () => {
  it('refuses to deprovision during a held traverse (CONFLICT), and the traverse completes', async () => {
    const { sqh, tenant, graph, holding } = await compose('refuse');
    await seed(sqh, tenant);
    const hold = holding.arm();
    const traverse = graph.traverse(tenant, 'crm', 'AppCRMAccount', CONTACTS);
    await hold.arrived;

    await expect(sqh.tenants.deprovision(tenant, { confirm: tenant })).rejects.toThrow(ConflictError);

    hold.release();
    expect((await traverse).nodes.map((node) => node.id)).toEqual(['c1']);
    expect(await databaseExists(sqh, tenant)).toBe(true);
  });

  it("with whenBusy 'wait', waits for a held traverse, refusing every new graph query meanwhile", async () => {
    const { sqh, tenant, graph, holding } = await compose('wait');
    await seed(sqh, tenant);
    const hold = holding.arm();
    const traverse = graph.traverse(tenant, 'crm', 'AppCRMAccount', CONTACTS);
    await hold.arrived;
    let dropped = false;
    const deprovisioning = sqh.tenants
      .deprovision(tenant, { confirm: tenant, whenBusy: 'wait' })
      .then((result) => {
        dropped = true;
        return result;
      });

    for (const [name, call] of everyCall(graph, tenant)) {
      await expect(call(), name).rejects.toThrow(ConflictError);
    }
    expect(dropped).toBe(false);
    expect(await databaseExists(sqh, tenant)).toBe(true);

    hold.release();
    expect((await traverse).nodes.map((node) => node.id)).toEqual(['c1']);
    await expect(deprovisioning).resolves.toMatchObject({ deprovisioned: ['terminusdb'] });
    expect(await databaseExists(sqh, tenant)).toBe(false);
  });
});

describe('a strict sqh refuses graph queries for an unprovisioned tenant', () => {
  it('with TenantNotProvisionedError on every entry point, creating nothing; serves once provisioned', async () => {
    const { sqh, tenant, graph } = await compose('strict', { strict: true });

    for (const [name, call] of everyCall(graph, tenant)) {
      await expect(call(), name).rejects.toThrow(TenantNotProvisionedError);
    }
    expect(await databaseExists(sqh, tenant)).toBe(false);

    await sqh.tenants.provision(tenant);
    await expect(graph.traverse(tenant, 'crm', 'AppCRMAccount', CONTACTS)).resolves.toEqual({ nodes: [] });
    await sqh.tenants.deprovision(tenant, { confirm: tenant });
    await expect(graph.traverse(tenant, 'crm', 'AppCRMAccount', CONTACTS)).rejects.toThrow(
      TenantNotProvisionedError,
    );
  });
});
