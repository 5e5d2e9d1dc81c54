export type { AggregateSpec, HavingInput } from './aggregate-statement.js';
export type { JoinSharedSpec, JoinSharedStrategy } from './join-shared.js';
export type { JoinSource, JoinSpec, JoinStep } from './join-statement.js';
export type { MetricFunction, MetricInput, StructuredMetric } from './metric-grammar.js';
export type { ModelRef } from './model-ref.js';
export {
  MAX_QUERY_ROWS,
  PostgreSQLQueryService,
  RAW_SQL_PERMISSION,
  type RawSqlOptions,
} from './postgresql-query-service.js';
export type { OutputFormatName, QueryOptions, QueryResult } from './query-options.js';
export { PG_QUERY, pgQueryPlugin } from './query-pg-plugin.js';
export type { RawSqlParameter } from './raw-sql-params.js';
export { RAW_SQL_ROLE } from './raw-sql-role.js';
export type { StreamSpec } from './row-scan-statement.js';
export type { ListSharedSpec, NearSpec } from './shared-list-statement.js';
export type { GroupByInput, TimeBucket } from './time-bucket.js';
export type {
  EdgeFunction,
  FrameAggregate,
  OffsetFunction,
  RankingFunction,
  WindowFrame,
  WindowInput,
  WindowSpec,
} from './window-statement.js';
