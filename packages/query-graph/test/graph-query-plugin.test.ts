import { TERMINUS_BACKEND, type TerminusBackendService } from '@sqh/backend-terminus';
import { createSqh, isSqhError } from '@sqh/core';
import type { BackendCapabilities, SqhPlugin } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import { GRAPH_QUERY, graphQueryPlugin } from '../src/index.js';

/** A stand-in for a graph backend service whose backend declares the given graphPaths flag. */
function graphBackend(graphPaths: boolean): SqhPlugin {
  const capabilities = { graphPaths } as BackendCapabilities;
  return {
    name: 'stand-in-graph-backend',
    register: (_container, api) =>
      api.provide(TERMINUS_BACKEND, { key: 'terminusdb', capabilities } as unknown as TerminusBackendService),
  };
}

describe('graphQueryPlugin', () => {
  it('refuses to compose without the TerminusDB backend, naming it', async () => {
    const failure = await createSqh({ plugins: [graphQueryPlugin()] }).catch((error: unknown) => error);

    expect(isSqhError(failure) && failure.code).toBe('CONFIGURATION');
    expect((failure as Error).message).toContain('list terminusBackend({...}) before it');
  });

  it('is decided by the graphPaths capability, not the backend name', async () => {
    const refused = await createSqh({ plugins: [graphBackend(false), graphQueryPlugin()] }).catch(
      (error: unknown) => error,
    );
    const accepted = await createSqh({ plugins: [graphBackend(true), graphQueryPlugin()] });

    expect(isSqhError(refused) && refused.code).toBe('CONFIGURATION');
    expect((refused as Error).message).toContain('graphPaths');
    expect(accepted.container.isRegistered(GRAPH_QUERY.name)).toBe(true);
    await accepted.close();
  });
});
