import { createServiceToken, type ModelRegistry } from '@sqh/core/spi';

/** The composition's models, as the graph query plugin hands them to its service. */
export const GRAPH_MODELS = createServiceToken<ModelRegistry>('sqh.query-graph.models');
