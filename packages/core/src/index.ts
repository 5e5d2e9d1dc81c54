// The application entry: compose plugins, define models, call records, catch errors.
// Everything a plugin author needs (the backend protocol, filter evaluation, tenant
// naming, registries) is in `@sqh/core/spi`.
export type { AccessContext } from './access-policy.js';
export type {
  BackendInitialization,
  BatchCreateResult,
  BatchProgress,
  ModelStorageDescription,
  SqhRecord,
  TenantStorageDescription,
} from './backend-protocol.js';
export { createSqh, type Sqh, type SqhOptions } from './create-sqh.js';
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
  SqhError,
  type SqhErrorCode,
  UnsupportedError,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
export type { FieldCondition, FieldOperators, FilterInput, FilterScalar } from './filter/filter-types.js';
export { QUERY_LIMITS } from './filter/query-limits.js';
export type { HookContext, ModelHooks, WriteOperation } from './hooks.js';
export {
  type CreateInputOf,
  defineModel,
  type Model,
  type ModelDefinition,
  type ModelSchema,
  type ProjectionConfig,
  type RecordOf,
  type RelationDefinition,
} from './model.js';
export type {
  FieldOf,
  FilterOf,
  ListOptionsOf,
  ModelRecords,
  OrderFieldOf,
  SearchOptionsOf,
  UpdateCallOptionsOf,
} from './model-records.js';
export type { BackendInitializationReport, PlatformInitialization } from './platform-initialization.js';
export type { ServiceToken, SqhPlugin } from './plugin.js';
export type { ProjectionErrorReporter, ProjectionEvent, ProjectionSink } from './projection.js';
export type { ImportOptions, ImportProgress, ImportResult, ImportSource } from './record-import.js';
export {
  type BatchCreateCallOptions,
  type CallOptions,
  DEFAULT_RECORD_SERVICE_LIMITS,
  type ListOptions,
  type PlatformGroupRecordService,
  type RecordServiceLimits,
  type SearchOptions,
  type UpdateCallOptions,
} from './record-service.js';
export {
  type PartitionInterval,
  type PostgresStorageOptions,
  SHARED_REFERENCE_DB_NAME,
  StorageBackend,
  type StorageBackendKey,
  StorageConfig,
} from './storage-config.js';
export { TenantNotProvisionedError, type WhenBusy } from './tenant-call-gate.js';
export {
  type BackendTenantDescription,
  DEFAULT_DRAIN_TIMEOUT_MILLIS,
  type DeprovisionOptions,
  type TenantDeprovisioning,
  type TenantDescription,
  type TenantLifecycle,
  type TenantOptions,
  type TenantProvisioning,
} from './tenant-lifecycle.js';
