import type { OpenTable, PgBackendServices } from '@sqh/backend-pg';
import {
  type AccessService,
  assertTenantId,
  type FilterInput,
  type FilterNode,
  type Model,
  type ModelRegistry,
  type OutputFormatRegistry,
  type ResultRow,
  UnsupportedError,
  validateFilter,
} from '@sqh/core';
import { type AggregateSpec, type PlannedQuery, planAggregate } from './aggregate-statement.js';
import { queryError } from './query-errors.js';
import {
  checkedInteger,
  type OutputFormatName,
  outputFormatOf,
  type QueryOptions,
  type QueryResult,
  timeoutOf,
} from './query-options.js';
import { ReadAccess } from './read-access.js';
import { renameRows } from './result-columns.js';
import type { SequelizeTables } from './sequelize-tables.js';
import { runStatement } from './statement-runner.js';

/** Most rows one call returns (aggregate, window, join); stream bigger results. */
export const MAX_QUERY_ROWS = 100_000;
const DEFAULT_QUERY_ROWS = 1_000;

/** A model resolved for reading: its open table and the filter (caller's filters AND access scope). */
interface ReadTarget {
  readonly model: Model;
  readonly table: OpenTable;
  readonly where: FilterNode | undefined;
}

/**
 * Reporting queries over PostgreSQL models: aggregates, joins over declared
 * relations, window functions, safe raw SQL, shared reference queries and
 * streaming. Every method applies the caller's read access to every model it
 * reads, runs on connections from backend-pg's global budget, and is bounded
 * by a statement timeout and the caller's AbortSignal.
 */
export class PostgreSQLQueryService {
  readonly #pg: PgBackendServices;
  readonly #models: ModelRegistry;
  readonly #formats: OutputFormatRegistry;
  readonly #access: ReadAccess;
  readonly #tables: SequelizeTables;

  constructor(
    pg: PgBackendServices,
    models: ModelRegistry,
    formats: OutputFormatRegistry,
    access: AccessService,
    tables: SequelizeTables,
  ) {
    this.#pg = pg;
    this.#models = models;
    this.#formats = formats;
    this.#access = new ReadAccess(access);
    this.#tables = tables;
  }

  /**
   * GROUP BY with metrics: `groupBy: ['test_type', 'month']`,
   * `metrics: { count: 'COUNT(*)', avg_value: 'AVG(value)' }`.
   */
  async aggregate<F extends OutputFormatName = 'json'>(
    tenantId: string,
    group: string,
    modelName: string,
    spec: AggregateSpec,
    options: QueryOptions<F> = {},
  ): Promise<QueryResult<F>> {
    const format = outputFormatOf(options);
    const timeoutMs = timeoutOf(options);
    const target = await this.#target(tenantId, group, modelName, spec.filters, options);
    const limit = checkedInteger(spec.limit ?? DEFAULT_QUERY_ROWS, 'limit', 1, MAX_QUERY_ROWS);
    const planned = planAggregate(
      target.model,
      target.table,
      this.#tables.modelOf(target.model),
      this.#tables.generator,
      spec,
      target.where,
      limit,
    );
    const rows = await this.#run(target, planned, 'aggregate', timeoutMs, options.signal);
    return this.#output(rows, format, `${target.model.name}_aggregate`) as QueryResult<F>;
  }

  /** The SQL aggregate would run, with its parameters (for EXPLAIN and tests); nothing is executed. */
  async explainAggregate(
    tenantId: string,
    group: string,
    modelName: string,
    spec: AggregateSpec,
    options: QueryOptions = {},
  ): Promise<{ readonly text: string; readonly values: readonly unknown[] }> {
    const target = await this.#target(tenantId, group, modelName, spec.filters, options);
    const limit = checkedInteger(spec.limit ?? DEFAULT_QUERY_ROWS, 'limit', 1, MAX_QUERY_ROWS);
    const planned = planAggregate(
      target.model,
      target.table,
      this.#tables.modelOf(target.model),
      this.#tables.generator,
      spec,
      target.where,
      limit,
    );
    return planned.statement;
  }

  /** Resolves a model stored by this backend, checks the tenant, applies read access, opens its table. */
  async #target(
    tenantId: string | null,
    group: string,
    modelName: string,
    filters: FilterInput | undefined,
    options: QueryOptions,
  ): Promise<ReadTarget> {
    options.signal?.throwIfAborted();
    const model = this.#pgModel(group, modelName);
    if (tenantId !== null || !model.storage.shared) assertTenantId(tenantId);
    const grant = await this.#access.read(model, tenantId, options.access);
    const where = and(validateFilter(model, filters), grant.scope);
    const table = await this.#pg.backend.openTable(
      { tenantId, ...(options.signal ? { signal: options.signal } : {}) },
      model,
    );
    return { model, table, where };
  }

  #pgModel(group: string, modelName: string): Model {
    const model = this.#models.get(group, modelName);
    if (model.storage.backend !== this.#pg.backend.key) {
      throw new UnsupportedError(
        `${model.key} is stored by the '${model.storage.backend}' backend; @sqh/query-pg only queries models stored in PostgreSQL.`,
      );
    }
    return model;
  }

  async #run(
    target: ReadTarget,
    planned: PlannedQuery,
    operation: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<ResultRow[]> {
    try {
      const rows = await runStatement(target.table.engine, planned.statement, {
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      return renameRows(rows, planned.columns);
    } catch (error) {
      throw queryError(error, {
        operation,
        model: target.model.key,
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
    }
  }

  #output(rows: ResultRow[], format: OutputFormatName, name: string): ResultRow[] | string {
    return format === 'json' ? rows : this.#formats.format(format, rows, { name });
  }
}

export function and(left: FilterNode | undefined, right: FilterNode | undefined): FilterNode | undefined {
  if (!left) return right;
  if (!right) return left;
  return { kind: 'and', nodes: [left, right] };
}
