export type {
  ClassMapping,
  ModelLookup,
  PropertyFamily,
  PropertyMapping,
  PropertyRange,
  XsdType,
} from './class-mapping.js';
export { filterToWoql } from './filter-to-woql.js';
export type { JsonObject, JsonValue } from './json-value.js';
export { TerminusApiError, TerminusProtocolError, TerminusUnreachableError } from './terminus-api-error.js';
export type { TerminusBackendOptions } from './terminus-backend-options.js';
export { terminusBackend } from './terminus-backend-plugin.js';
export { TERMINUS_BACKEND, type TerminusBackendService } from './terminus-backend-service.js';
export {
  type CommitInfo,
  type GraphType,
  TerminusHttpClient,
  type TerminusHttpClientOptions,
  type TerminusResource,
  type Versioned,
  type WoqlResult,
} from './terminus-http-client.js';
export { TerminusDBBackend } from './terminusdb-backend.js';
export {
  literal,
  node,
  PathPattern,
  VariableNames,
  variable,
  WOQL,
  type Woql,
  type WoqlLiteral,
  type WoqlTerm,
} from './woql-builder.js';
