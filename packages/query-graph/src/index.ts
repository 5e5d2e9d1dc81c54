export { GRAPH_QUERY, graphQueryPlugin } from './graph-query-plugin.js';
export type {
  GraphCallOptions,
  GraphEdge,
  GraphNode,
  GraphOutputFormat,
  GraphPath,
  GraphRecordRef,
  NodeRef,
  PathQuery,
  PathQueryResult,
  SubgraphQuery,
  SubgraphResult,
  TraverseQuery,
  TraverseResult,
  WoqlInput,
  WoqlQueryOptions,
  WoqlQueryResult,
} from './graph-types.js';
export { GraphReadScopes, type ReadVisibility } from './read-scopes.js';
export { recordsOf } from './records-of.js';
export {
  DEFAULT_TIMEOUT_MS,
  TerminusDBQueryService,
  WOQL_WRITE_PERMISSION,
} from './terminusdb-query-service.js';
