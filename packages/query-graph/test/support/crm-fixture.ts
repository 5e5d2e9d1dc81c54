import { TERMINUS_BACKEND, terminusBackend } from '@sqh/backend-terminus';
import { createSqh, type Sqh, type SqhPlugin } from '@sqh/core';
import { afterAll, beforeAll } from 'vitest';
import { graphQueryPlugin } from '../../src/index.js';
import { buildCrmGraph, type CrmData, crmModels, regionPolicyPlugin } from './crm-graph.js';
import { MemoryGraph } from './memory-graph.js';
import { type TerminusServer, useTerminusServer } from './terminus-server.js';

export interface CrmFixture {
  readonly server: TerminusServer;
  readonly sqh: Sqh;
  readonly tenant: string;
  readonly data: CrmData;
  /** The same records in memory, everything visible. */
  readonly everything: MemoryGraph;
  /** What user `north` may see. */
  readonly northOnly: MemoryGraph;
}

/**
 * A tenant holding the 10,000-record CRM graph, with the graph query plugin and the region
 * access policy; dropped after the file's tests.
 */
export function useCrmGraph(prefix: string, extraPlugins: readonly SqhPlugin[] = []): () => CrmFixture {
  const server = useTerminusServer();
  let fixture: CrmFixture | undefined;
  beforeAll(async () => {
    const tenant = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
    const sqh = await createSqh({
      plugins: [terminusBackend(server().options), graphQueryPlugin(), regionPolicyPlugin(), ...extraPlugins],
      models: crmModels,
    });
    const data = buildCrmGraph(10_000);
    // One batch per model: links between records of one batch (cycles too) are checked at commit.
    await sqh.records.batchCreate(tenant, 'crm', 'AppCRMAccount', data.accounts);
    await sqh.records.batchCreate(tenant, 'crm', 'AppCRMContact', data.contacts);
    await sqh.records.batchCreate(tenant, 'crm', 'AppCRMOpportunity', data.opportunities);
    fixture = {
      server: server(),
      sqh,
      tenant,
      data,
      everything: new MemoryGraph(data),
      northOnly: new MemoryGraph(data, (_model, row) => row.region === 'north'),
    };
  }, 600_000);
  afterAll(async () => {
    await fixture?.sqh.get(TERMINUS_BACKEND).dropTenant(fixture.tenant);
    await fixture?.sqh.close();
  });
  return () => {
    if (!fixture) throw new Error('The CRM graph is only available inside tests.');
    return fixture;
  };
}
