// The plugin author's entry: what a storage backend, output format, access policy or
// query service implements and the helpers every backend shares, so all backends
// evaluate filters, order records and name tenant databases the same way.
// Applications import from `@sqh/core`; the names both need are exported by both.
export type {
  AccessContext,
  AccessDecision,
  AccessOperation,
  AccessPolicy,
  AccessRequest,
} from './access-policy.js';
export {
  ACCESS_SERVICE,
  type AccessCheck,
  type AccessService,
  bindAccessContext,
  holdsPermission,
  type ResolvedAccessDecision,
  SHARED_REFERENCE_WRITE,
} from './access-service.js';
export type {
  BackendCapabilities,
  BackendInitialization,
  BatchCreateOptions,
  BatchCreateResult,
  BatchProgress,
  ImportRowsOptions,
  LifecycleOptions,
  ListQuery,
  ModelStorageDescription,
  OperationContext,
  RecordData,
  SearchQuery,
  SqhRecord,
  StorageBackendProtocol,
  TenantStorageDescription,
  UpdateOptions,
} from './backend-protocol.js';
export { BackendRegistry } from './backend-registry.js';
export { RECORDS } from './create-sqh.js';
export { DATE_RANGE } from './date-range.js';
export {
  AccessDeniedError,
  BackendUnavailableError,
  CancelledError,
  ConfigurationError,
  ConflictError,
  ImportInterruptedError,
  isSqhError,
  NotFoundError,
  preconditionFailedError,
  SqhError,
  type SqhErrorCode,
  UnsupportedError,
  updateLeavesScopeError,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
export { type FieldDescriptor, type FieldKind, ID_FIELD } from './field-descriptor.js';
export { checkAccessScope, type ScopeCheck } from './filter/access-scope.js';
export {
  compareCodePoints,
  compareRecords,
  compareValues,
  matchesFilter,
} from './filter/filter-evaluator.js';
export type {
  ComparisonOperator,
  FieldCondition,
  FieldOperators,
  FilterInput,
  FilterNode,
  FilterScalar,
  FilterValue,
  OrderSpec,
  SortDirection,
  TextOperator,
} from './filter/filter-types.js';
export { validateFilter, validateOrderBy, validateSearchFields } from './filter/filter-validator.js';
export { QUERY_LIMITS } from './filter/query-limits.js';
export type { HookContext, WriteOperation } from './hooks.js';
export type { Model, ModelSchema, RecordOf } from './model.js';
export { ModelRegistry } from './model-registry.js';
export { MAX_VALUE_DEPTH } from './nesting-depth.js';
export {
  type FormatOptions,
  jsonFormatter,
  OutputFormatRegistry,
  type OutputFormatter,
  type ResultRow,
} from './output-format.js';
export { createServiceToken, type PluginApi, type ServiceToken, type SqhPlugin } from './plugin.js';
export {
  type ProjectionErrorReporter,
  type ProjectionEvent,
  type ProjectionSink,
  reportProjectionErrorToConsole,
} from './projection.js';
export { clipInput, MAX_QUOTED_INPUT, quoteInput } from './quoted-input.js';
export { PlatformGroupRecordService } from './record-service.js';
export {
  type PartitionInterval,
  type PostgresStorageOptions,
  SHARED_REFERENCE_DB_NAME,
  StorageBackend,
  type StorageBackendKey,
  StorageConfig,
} from './storage-config.js';
export { TenantNotProvisionedError } from './tenant-call-gate.js';
export { TENANT_CALLS, type TenantCallOptions, type TenantCalls } from './tenant-calls.js';
export {
  assertTenantId,
  TENANT_DATABASE_PREFIX,
  TENANT_SLUG_MAX_LENGTH,
  tenantDatabaseName,
  tenantSlug,
} from './tenant-slug.js';
export { ABORT_WATCH_GRACE_MS, watchAbort } from './watch-abort.js';
