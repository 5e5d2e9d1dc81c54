export type { DatabaseFeatures } from './database-features.js';
export { caseFolded, compileFilter, compileOrderBy, escapeLike } from './filter-compiler.js';
export { type CommandIo, runInitializeCommand } from './initialize-command.js';
export { PG_BACKEND, type PgBackendOptions, type PgBackendServices, pgBackend } from './pg-backend-plugin.js';
export { mapPgError, pgErrorCode } from './pg-error-mapping.js';
export type { Placement } from './placement.js';
export { type OpenTable, PostgreSQLBackend, type PostgreSQLBackendOptions } from './postgresql-backend.js';
export { type SchemaDifference, SchemaMismatchError } from './schema-mismatch-error.js';
export { quoteIdentifier } from './sql-identifier.js';
export { SqlParameters } from './sql-parameters.js';
export {
  type ColumnMapping,
  type ColumnType,
  columnTypeOf,
  defaultTableName,
  type PartitionMapping,
  type TableMapping,
  tableMapping,
} from './table-mapping.js';
export {
  type SharedDatabaseStatus,
  TenantDatabaseManager,
  type TenantDatabaseManagerOptions,
} from './tenant-database-manager.js';
export type { TenantEngine } from './tenant-engine.js';
