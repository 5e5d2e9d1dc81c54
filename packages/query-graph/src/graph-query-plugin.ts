import { TERMINUS_BACKEND, type TerminusBackendService } from '@sqh/backend-terminus';
import { ConfigurationError, createServiceToken, type SqhPlugin } from '@sqh/core/spi';
import { Lifecycle } from 'tsyringe';
import { GRAPH_MODELS } from './graph-models-token.js';
import { GraphReadScopes } from './read-scopes.js';
import { TerminusDBQueryService } from './terminusdb-query-service.js';

/** `sqh.get(GRAPH_QUERY)`: the graph query service of a composition. */
export const GRAPH_QUERY = createServiceToken<TerminusDBQueryService>('sqh.query-graph');

/**
 * Registers TerminusDBQueryService in the composition's container, built by injection from the
 * TerminusDB backend, the models and the read scopes. List it after `terminusBackend(...)`.
 */
export function graphQueryPlugin(): SqhPlugin {
  return {
    name: '@sqh/query-graph',
    register(container, api) {
      // Resolving now fails early, with a message, when the backend plugin is missing.
      let terminus: TerminusBackendService;
      try {
        terminus = api.get(TERMINUS_BACKEND);
      } catch (error) {
        throw new ConfigurationError(
          'graphQueryPlugin() needs the TerminusDB backend: list terminusBackend({...}) before it in createSqh plugins.',
          { cause: error },
        );
      }
      if (!terminus.capabilities.graphPaths) {
        throw new ConfigurationError(
          `graphQueryPlugin() walks relations in one request, which needs a backend declaring graphPaths; '${terminus.key}' does not.`,
        );
      }
      api.provide(GRAPH_MODELS, api.models);
      container.register(
        GraphReadScopes,
        { useClass: GraphReadScopes },
        { lifecycle: Lifecycle.ContainerScoped },
      );
      container.register(
        GRAPH_QUERY.name,
        { useClass: TerminusDBQueryService },
        { lifecycle: Lifecycle.ContainerScoped },
      );
    },
  };
}
