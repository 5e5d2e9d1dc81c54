import { type OpenTable, type PgBackendServices, quoteIdentifier, tableMapping } from '@sqh/backend-pg';
import {
  AccessDeniedError,
  type AccessService,
  assertTenantId,
  ConfigurationError,
  type FieldDescriptor,
  type FilterInput,
  type FilterNode,
  holdsPermission,
  ID_FIELD,
  type Model,
  type ModelRegistry,
  type OutputFormatRegistry,
  quoteInput,
  type ResultRow,
  type TenantCallOptions,
  type TenantCalls,
  UnsupportedError,
  ValidationError,
  validateFilter,
} from '@sqh/core/spi';
import Cursor from 'pg-cursor';
import { type AggregateSpec, type PlannedQuery, type Planner, planAggregate } from './aggregate-statement.js';
import { FdwLink, fdwUnavailable, type SharedLocation, sharedLocation } from './fdw-link.js';
import {
  applicationJoin,
  type JoinSharedSpec,
  type JoinSharedStrategy,
  joinFields,
  shortName,
} from './join-shared.js';
import {
  checkJoinFields,
  type JoinSource,
  type JoinSpec,
  type JoinStep,
  joinError,
  planJoin,
  type ResolvedSource,
  sourceField,
} from './join-statement.js';
import { type ModelRef, resolveModelRef } from './model-ref.js';
import { queryError } from './query-errors.js';
import {
  checkedInteger,
  checkedObject,
  type OutputFormatName,
  outputFormatOf,
  type QueryOptions,
  type QueryResult,
  timeoutOf,
} from './query-options.js';
import { checkRawSql } from './raw-sql-guard.js';
import { checkRawSqlParameters, type RawSqlParameter } from './raw-sql-params.js';
import { RAW_SQL_ROLE, RawSqlRole } from './raw-sql-role.js';
import { ReadAccess } from './read-access.js';
import { renameRows, rowsFromArrays } from './result-columns.js';
import { planRowScan, type StreamSpec } from './row-scan-statement.js';
import { streamRows } from './row-stream.js';
import type { SequelizeTables } from './sequelize-tables.js';
import { requireSharedExtension } from './shared-extensions.js';
import { type ListSharedSpec, planListShared } from './shared-list-statement.js';
import { inTransaction } from './statement-runner.js';
import { planWindows, type WindowSpec } from './window-statement.js';

/** Most rows one call returns (aggregate, window, join); stream bigger results. */
export const MAX_QUERY_ROWS = 100_000;
const DEFAULT_QUERY_ROWS = 1_000;
const DEFAULT_RAW_ROWS = 10_000;

/** The permission rawSql needs, on top of read access to every model it reads. */
export const RAW_SQL_PERMISSION = 'query:raw_sql';

/** rawSql's options: the common ones and the row cap. */
export interface RawSqlOptions<F extends OutputFormatName = OutputFormatName> extends QueryOptions<F> {
  /** More rows than this is an error (default 10,000, at most 100,000); stream bigger results. */
  readonly maxRows?: number;
}

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
  readonly #tenantCalls: TenantCalls;
  readonly #rawRole = new RawSqlRole();
  readonly #fdw = new FdwLink();
  #sharedLocation: Promise<SharedLocation> | undefined;

  constructor(
    pg: PgBackendServices,
    models: ModelRegistry,
    formats: OutputFormatRegistry,
    access: AccessService,
    tables: SequelizeTables,
    tenantCalls: TenantCalls,
  ) {
    this.#pg = pg;
    this.#models = models;
    this.#formats = formats;
    this.#access = new ReadAccess(access);
    this.#tables = tables;
    this.#tenantCalls = tenantCalls;
  }

  /** Every call naming a tenant runs through core's tenant gate (deprovisioning, strict mode). */
  #tenantCall(options: { readonly signal?: AbortSignal } | undefined): TenantCallOptions {
    const signal = options?.signal;
    return { backend: this.#pg.backend.key, ...(signal ? { signal } : {}) };
  }

  /**
   * GROUP BY with metrics: `groupBy: ['test_type', 'month']`,
   * `metrics: { count: 'COUNT(*)', avg_value: 'AVG(value)' }`.
   */
  aggregate<F extends OutputFormatName = 'json'>(
    tenantId: string,
    group: string,
    modelName: string,
    spec: AggregateSpec,
    options: QueryOptions<F> = {},
  ): Promise<QueryResult<F>> {
    return this.#tenantCalls.run(tenantId, this.#tenantCall(options), async () => {
      const format = outputFormatOf(options);
      const timeoutMs = timeoutOf(options);
      const { target, planned } = await this.#plan(tenantId, group, modelName, spec, options, planAggregate);
      const rows = await this.#run(target, planned, 'aggregate', timeoutMs, options.signal);
      return this.#output(rows, format, `${target.model.name}_aggregate`) as QueryResult<F>;
    });
  }

  /** The SQL aggregate would run, with its parameters (for EXPLAIN and tests); nothing is executed. */
  explainAggregate(
    tenantId: string,
    group: string,
    modelName: string,
    spec: AggregateSpec,
    options: QueryOptions = {},
  ): Promise<{ readonly text: string; readonly values: readonly unknown[] }> {
    return this.#tenantCalls.run(tenantId, this.#tenantCall(options), async () => {
      const { planned } = await this.#plan(tenantId, group, modelName, spec, options, planAggregate);
      return planned.statement;
    });
  }

  /**
   * Window functions over one model: `row_number`, `rank`, `dense_rank`, `lag`, `lead`,
   * `first_value`, `last_value`, and running or moving (bounded frame) `sum`, `avg`,
   * `min`, `max`, `count`.
   */
  windowFunctions<F extends OutputFormatName = 'json'>(
    tenantId: string,
    group: string,
    modelName: string,
    spec: WindowSpec,
    options: QueryOptions<F> = {},
  ): Promise<QueryResult<F>> {
    return this.#tenantCalls.run(tenantId, this.#tenantCall(options), async () => {
      const format = outputFormatOf(options);
      const timeoutMs = timeoutOf(options);
      const { target, planned } = await this.#plan(tenantId, group, modelName, spec, options, planWindows);
      const rows = await this.#run(target, planned, 'windowFunctions', timeoutMs, options.signal);
      return this.#output(rows, format, `${target.model.name}_windows`) as QueryResult<F>;
    });
  }

  /**
   * Joins tenant models along declared relations (or fields of one comparable type);
   * any other join is a VALIDATION error before SQL is built. Read access applies to
   * every joined model.
   */
  joinQuery<F extends OutputFormatName = 'json'>(
    tenantId: string,
    spec: JoinSpec,
    options: QueryOptions<F> = {},
  ): Promise<QueryResult<F>> {
    return this.#tenantCalls.run(tenantId, this.#tenantCall(options), async () => {
      const format = outputFormatOf(options);
      const timeoutMs = timeoutOf(options);
      options.signal?.throwIfAborted();
      assertTenantId(tenantId);
      const declared = this.#joinSources(checkedObject(spec, 'joinQuery') as unknown as JoinSpec);
      const filters = spec.filters === undefined ? {} : checkedObject(spec.filters, 'filters');
      for (const name of Object.keys(filters)) {
        if (!declared.some((source) => source.name === name)) {
          throw joinError(`${quoteInput(name)} is not a source of this join`, ['filters', name]);
        }
      }
      const sources: ResolvedSource[] = [];
      for (const source of declared) {
        const target = await this.#open(source.model, tenantId, filters[source.name] as FilterInput, options);
        sources.push({ ...source, table: target.table, where: target.where });
      }
      const limit = checkedInteger(spec.limit ?? DEFAULT_QUERY_ROWS, 'limit', 1, MAX_QUERY_ROWS);
      const planned = planJoin(sources, spec, limit);
      const rows = await this.#run(sources[0] as ReadTarget, planned, 'joinQuery', timeoutMs, options.signal);
      return this.#output(rows, format, 'join') as QueryResult<F>;
    });
  }

  /** The sources of a join, each joined along a declared relation or fields of one type. */
  #joinSources(spec: JoinSpec): Omit<ResolvedSource, 'table' | 'where'>[] {
    const from =
      typeof spec.from === 'object' && spec.from !== null && !Array.isArray(spec.from)
        ? (spec.from as JoinSource)
        : { model: spec.from as ModelRef };
    const first = this.#tenantModel(resolveModelRef(this.#models, from.model, ['from']), ['from']);
    const sources: Omit<ResolvedSource, 'table' | 'where'>[] = [
      { name: from.as ?? first.name, model: first, type: 'inner' },
    ];
    if (!Array.isArray(spec.join)) throw joinError('expected an array of joins', ['join']);
    spec.join.forEach((step, index) => {
      const path = ['join', index];
      const joined = checkedObject(step, `join.${index}`) as JoinStep;
      const type = joined.type ?? 'inner';
      if (type !== 'inner' && type !== 'left')
        throw joinError("type is 'inner' or 'left'", [...path, 'type']);
      let model: Model;
      let on: NonNullable<ResolvedSource['on']>;
      if ('relation' in joined) {
        const left = sourceField(sources, joined.relation, [...path, 'relation']);
        const owner = sources[left.source]?.model as Model;
        const target = owner.relations[left.field.name];
        if (target === undefined) {
          throw joinError(`${owner.key} declares no relation on '${left.field.name}'`, [...path, 'relation']);
        }
        const slash = target.indexOf('/');
        model = this.#tenantModel(this.#models.get(target.slice(0, slash), target.slice(slash + 1)), path);
        on = {
          left,
          right: model.field(ID_FIELD) as FieldDescriptor,
          many: left.field.kind === 'stringArray',
        };
      } else {
        model = this.#tenantModel(resolveModelRef(this.#models, joined.model, [...path, 'model']), path);
        if (!Array.isArray(joined.on) || joined.on.length !== 2) {
          throw joinError("on is ['source.field', 'field']", [...path, 'on']);
        }
        const left = sourceField(sources, joined.on[0], [...path, 'on', 0]);
        const right = model.field(String(joined.on[1]));
        if (!right)
          throw joinError(`${quoteInput(joined.on[1])} is not a field of ${model.key}`, [...path, 'on', 1]);
        checkJoinFields(left.field, right, [...path, 'on']);
        on = { left, right, many: false };
      }
      const name = joined.as ?? model.name;
      if (sources.some((source) => source.name === name)) {
        throw joinError(`the name ${quoteInput(name)} is used twice; give this join 'as'`, [...path, 'as']);
      }
      sources.push({ name, model, on, type });
    });
    return sources;
  }

  /** A model of the tenant's own database (shared models join through joinShared). */
  #tenantModel(model: Model, path: readonly (string | number)[]): Model {
    this.#pgModel(model);
    if (model.storage.shared) {
      throw joinError(`${model.key} is shared reference data in another database: use joinShared`, path);
    }
    return model;
  }

  /**
   * One parameterized, read-only SELECT written by the caller. It needs the permission
   * `query:raw_sql`, is judged on PostgreSQL's own parse tree (see checkRawSql), may
   * only read tables of this tenant's models, and runs in a READ ONLY transaction as a
   * role that can read nothing else, with a statement timeout and a row cap.
   *
   * Record-level policies: raw SQL is refused on any model whose access decision for
   * this caller is a scope (allowWhere) rather than translated into row-level
   * security, because a scope is a filter of the access policy that PostgreSQL cannot
   * evaluate per row without duplicating it as a database policy; the typed methods
   * apply it exactly.
   */
  rawSql<F extends OutputFormatName = 'json'>(
    tenantId: string,
    sql: string,
    params: readonly RawSqlParameter[] = [],
    options: RawSqlOptions<F> = {},
  ): Promise<QueryResult<F>> {
    return this.#tenantCalls.run(tenantId, this.#tenantCall(options), async () => {
      const format = outputFormatOf(options);
      const timeoutMs = timeoutOf(options);
      const maxRows = checkedInteger(options.maxRows ?? DEFAULT_RAW_ROWS, 'maxRows', 1, MAX_QUERY_ROWS);
      options.signal?.throwIfAborted();
      assertTenantId(tenantId);
      const access = options.access;
      if (
        !access ||
        !Array.isArray(access.permissions) ||
        !holdsPermission(access.permissions, RAW_SQL_PERMISSION)
      ) {
        throw new AccessDeniedError(`Access denied: raw SQL needs the permission '${RAW_SQL_PERMISSION}'.`);
      }
      const checked = await checkRawSql(sql);
      const values = checkRawSqlParameters(params, checked.parameters);
      const tables = this.#tenantTables();
      const read: string[] = [];
      for (const table of checked.tables) {
        const model = tables.get(table);
        if (!model) {
          throw new ValidationError('Raw SQL refused', [
            { path: ['sql'], message: `${quoteInput(table)} is not the table of a model of this tenant` },
          ]);
        }
        const decision = await this.#access.decide(model, tenantId, access);
        if (decision.effect === 'deny') {
          throw new AccessDeniedError(`Access denied: read on ${model.key}: ${decision.reason}`);
        }
        if (decision.effect === 'allowWhere') {
          throw new AccessDeniedError(
            `Raw SQL is refused on ${model.key}: a record-level access policy limits what you may read of it. ` +
              'Use aggregate, joinQuery or windowFunctions, which apply that policy.',
          );
        }
        await this.#pg.backend.openTable(
          { tenantId, ...(options.signal ? { signal: options.signal } : {}) },
          model,
        );
        read.push(table);
      }
      const engine = await this.#pg.manager.getEngine(tenantId);
      try {
        await this.#rawRole.grantSelect(engine, read);
        const rows = await inTransaction(
          engine,
          { timeoutMs, readOnly: true, ...(options.signal ? { signal: options.signal } : {}) },
          async (client) => {
            await client.query(`SET LOCAL ROLE ${quoteIdentifier(RAW_SQL_ROLE)}`).catch((error: unknown) => {
              throw new ConfigurationError(
                `Raw SQL runs as the role '${RAW_SQL_ROLE}', and this PostgreSQL user cannot switch to it. ` +
                  `As an administrator, run once: GRANT ${RAW_SQL_ROLE} TO <the sqh user>.`,
                { cause: error },
              );
            });
            const cursor = client.query(new Cursor(sql, values));
            try {
              return await cursor.read(maxRows + 1);
            } finally {
              await cursor.close();
            }
          },
        );
        if (rows.length > maxRows) {
          throw new ValidationError('Raw SQL returned too many rows', [
            {
              path: ['maxRows'],
              message: `more than ${maxRows} rows: add a LIMIT, or raise maxRows (at most ${MAX_QUERY_ROWS})`,
            },
          ]);
        }
        return this.#output(rows, format, 'raw') as QueryResult<F>;
      } catch (error) {
        throw queryError(error, {
          operation: 'rawSql',
          timeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      }
    });
  }

  /** Table name → model, for this composition's per-tenant PostgreSQL models. */
  #tenantTables(): Map<string, Model> {
    const tables = new Map<string, Model>();
    for (const model of this.#models.all()) {
      if (model.storage.backend === this.#pg.backend.key && !model.storage.shared) {
        tables.set(tableMapping(model).table, model);
      }
    }
    return tables;
  }

  /**
   * Shared reference records (no tenant needed): filters, order, and optionally
   * `near` (PostGIS distance, nearest first) and `fuzzy` (pg_trgm similarity, best
   * first). Without the extension a feature needs: UNSUPPORTED naming it.
   */
  async listShared<F extends OutputFormatName = 'json'>(
    group: string,
    modelName: string,
    spec: ListSharedSpec = {},
    options: QueryOptions<F> = {},
  ): Promise<QueryResult<F>> {
    const format = outputFormatOf(options);
    const timeoutMs = timeoutOf(options);
    options.signal?.throwIfAborted();
    const model = this.#pgModel(this.#models.get(group, modelName));
    if (!model.storage.shared) {
      throw new ValidationError(
        `${model.key} is stored per tenant; listShared reads shared reference models only`,
        [{ path: ['model'], message: 'not a shared model' }],
      );
    }
    const checked = checkedObject(spec, 'listShared') as ListSharedSpec;
    const status = await this.#pg.manager.ensureSharedDatabaseExists();
    if (checked.near !== undefined) requireSharedExtension(status, 'postgis', 'listShared near');
    if (checked.fuzzy !== undefined) requireSharedExtension(status, 'pg_trgm', 'listShared fuzzy');
    const target = await this.#open(model, null, checked.filters, options);
    const limit = checkedInteger(checked.limit ?? DEFAULT_QUERY_ROWS, 'limit', 1, MAX_QUERY_ROWS);
    const planned = planListShared(
      model,
      target.table,
      this.#tables.modelOf(model),
      this.#tables.generator,
      checked,
      target.where,
      limit,
    );
    const rows = await this.#run(target, planned, 'listShared', timeoutMs, options.signal);
    return this.#output(rows, format, model.name) as QueryResult<F>;
  }

  /**
   * Every record matching the filters, as an async iterable read through a
   * server-side cursor: constant memory for any number of rows.
   * `for await (const row of query.stream(tenant, 'lab', 'AppLabResult', { orderBy: ['created_at'] }))`.
   */
  stream(
    tenantId: string,
    group: string,
    modelName: string,
    spec: StreamSpec = {},
    options: Omit<QueryOptions, 'outputFormat'> = {},
  ): AsyncIterable<ResultRow> {
    return this.#tenantCalls.stream(tenantId, this.#tenantCall(options), () =>
      this.#stream(tenantId, group, modelName, spec, options),
    );
  }

  /**
   * The same rows as text chunks of one document in the requested format, produced by
   * the format's streaming encoder (ISON's, with `outputFormat: 'ison'`).
   */
  streamText(
    tenantId: string,
    group: string,
    modelName: string,
    spec: StreamSpec = {},
    options: QueryOptions = {},
  ): AsyncIterable<string> {
    const format = outputFormatOf(options);
    const formatter = this.#formats.get(format);
    if (!formatter.formatStream) {
      throw new UnsupportedError(`The '${format}' output format cannot stream; ask for rows with stream().`);
    }
    const rows = this.#tenantCalls.stream(tenantId, this.#tenantCall(options), () =>
      this.#stream(tenantId, group, modelName, spec, options),
    );
    return formatter.formatStream(rows, { name: modelName });
  }

  async *#stream(
    tenantId: string,
    group: string,
    modelName: string,
    spec: StreamSpec,
    options: Omit<QueryOptions, 'outputFormat'>,
  ): AsyncGenerator<ResultRow, void, undefined> {
    const timeoutMs = timeoutOf(options);
    const checked = checkedObject(spec, 'stream') as StreamSpec;
    const batchSize = checkedInteger(checked.batchSize ?? 1_000, 'batchSize', 1, 100_000);
    const target = await this.#target(tenantId, group, modelName, checked.filters, options);
    const planned = planRowScan(
      target.model,
      target.table,
      this.#tables.modelOf(target.model),
      this.#tables.generator,
      checked,
      target.where,
    );
    const signal = options.signal;
    yield* streamRows(
      target.table.engine,
      planned.statement,
      { timeoutMs, readOnly: true, ...(signal ? { signal } : {}) },
      batchSize,
      (rows) => rowsFromArrays(rows, planned.columns),
      (error) => queryError(error, { operation: 'stream', model: target.model.key, timeoutMs }),
    );
  }

  /**
   * Joins a tenant model with a shared reference model, which lives in another
   * database. With postgres_fdw (strategy 'fdw', or 'auto' when the server offers
   * it) the join runs in the tenant database against a foreign table of the shared
   * one; otherwise the application joins (see applicationJoin). Both give the same
   * rows; the README compares their cost.
   */
  joinShared<F extends OutputFormatName = 'json'>(
    tenantId: string,
    spec: JoinSharedSpec,
    options: QueryOptions<F> = {},
  ): Promise<QueryResult<F>> {
    return this.#tenantCalls.run(tenantId, this.#tenantCall(options), async () => {
      const format = outputFormatOf(options);
      const timeoutMs = timeoutOf(options);
      options.signal?.throwIfAborted();
      assertTenantId(tenantId);
      const checked = checkedObject(spec, 'joinShared') as unknown as JoinSharedSpec;
      const tenantModel = this.#tenantModel(
        resolveModelRef(this.#models, checked.tenantModel, ['tenantModel']),
        ['tenantModel'],
      );
      const sharedModel = this.#pgModel(resolveModelRef(this.#models, checked.sharedModel, ['sharedModel']));
      if (!sharedModel.storage.shared) {
        throw joinError(`${sharedModel.key} is not shared reference data: use joinQuery`, ['sharedModel']);
      }
      const strategy = checked.strategy ?? 'auto';
      if (strategy !== 'auto' && strategy !== 'fdw' && strategy !== 'application') {
        throw joinError("strategy is 'auto', 'fdw' or 'application'", ['strategy']);
      }
      const on = joinFields(tenantModel, sharedModel, checked.joinOn);
      const names = [checked.tenantAs ?? shortName(tenantModel), checked.sharedAs ?? shortName(sharedModel)];
      if (names[0] === names[1])
        throw joinError('the two sources need different names: pass tenantAs or sharedAs', ['sharedAs']);
      const filters = checked.filters === undefined ? {} : checkedObject(checked.filters, 'filters');
      for (const name of Object.keys(filters)) {
        if (!names.includes(name))
          throw joinError(`${quoteInput(name)} is not a source of this join (${names.join(', ')})`, [
            'filters',
            name,
          ]);
      }
      const tenantTarget = await this.#open(
        tenantModel,
        tenantId,
        filters[names[0] as string] as FilterInput,
        options,
      );
      const sharedTarget = await this.#open(
        sharedModel,
        tenantId,
        filters[names[1] as string] as FilterInput,
        options,
      );
      const limit = checkedInteger(checked.limit ?? DEFAULT_QUERY_ROWS, 'limit', 1, MAX_QUERY_ROWS);
      const tenantSource: ResolvedSource = {
        name: names[0] as string,
        model: tenantModel,
        table: tenantTarget.table,
        where: tenantTarget.where,
        type: 'inner',
      };
      const sharedSource: ResolvedSource = {
        name: names[1] as string,
        model: sharedModel,
        table: sharedTarget.table,
        where: sharedTarget.where,
        type: 'inner',
        on: { left: { source: 0, field: on.left }, right: on.right, many: false },
      };
      const signal = options.signal;
      try {
        const foreign =
          strategy === 'application' ? undefined : await this.#foreignTable(tenantId, sharedTarget, strategy);
        const rows =
          foreign === undefined
            ? await applicationJoin(
                [tenantSource, sharedSource],
                tenantTarget.table.engine,
                sharedTarget.table.engine,
                checked,
                on,
                limit,
                { timeoutMs, ...(signal ? { signal } : {}) },
              )
            : await this.#run(
                tenantTarget,
                planJoin([tenantSource, { ...sharedSource, relation: foreign }], checked, limit),
                'joinShared',
                timeoutMs,
                signal,
              );
        return this.#output(rows, format, 'join') as QueryResult<F>;
      } catch (error) {
        throw queryError(error, {
          operation: 'joinShared',
          model: tenantModel.key,
          timeoutMs,
          ...(signal ? { signal } : {}),
        });
      }
    });
  }

  /** The foreign table of a shared model in the tenant database; undefined when FDW is unavailable and 'auto' may fall back. */
  async #foreignTable(
    tenantId: string,
    shared: ReadTarget,
    strategy: JoinSharedStrategy,
  ): Promise<string | undefined> {
    const offered = await this.#pg.manager.ensureExtension(tenantId, 'postgres_fdw');
    if (!offered) {
      if (strategy === 'auto') return undefined;
      throw new UnsupportedError(
        "joinShared with strategy 'fdw' needs the PostgreSQL extension 'postgres_fdw', which the server does not offer. " +
          "Install postgresql-contrib, or use strategy 'auto' or 'application'.",
      );
    }
    const tenantEngine = await this.#pg.manager.getEngine(tenantId);
    this.#sharedLocation ??= sharedLocation(shared.table.engine).catch((error: unknown) => {
      this.#sharedLocation = undefined;
      throw error;
    });
    try {
      return await this.#fdw.foreignTable(tenantEngine, await this.#sharedLocation, shared.table.mapping);
    } catch (error) {
      if (strategy === 'auto' && fdwUnavailable(error)) return undefined;
      throw error;
    }
  }

  /** Resolves, authorizes and opens one model, then plans a statement over it. */
  async #plan<S extends { readonly filters?: FilterInput; readonly limit?: number }>(
    tenantId: string,
    group: string,
    modelName: string,
    spec: S,
    options: QueryOptions,
    planner: Planner<S>,
  ): Promise<{ readonly target: ReadTarget; readonly planned: PlannedQuery }> {
    const target = await this.#target(tenantId, group, modelName, spec.filters, options);
    const limit = checkedInteger(spec.limit ?? DEFAULT_QUERY_ROWS, 'limit', 1, MAX_QUERY_ROWS);
    const sequelizeModel = this.#tables.modelOf(target.model);
    const planned = planner(
      target.model,
      target.table,
      sequelizeModel,
      this.#tables.generator,
      spec,
      target.where,
      limit,
    );
    return { target, planned };
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
    const model = this.#pgModel(this.#models.get(group, modelName));
    return this.#open(model, tenantId, filters, options);
  }

  /** Checks the tenant, applies read access (scope ANDed into the filter), opens the model's table. */
  async #open(
    model: Model,
    tenantId: string | null,
    filters: FilterInput | undefined,
    options: QueryOptions,
  ): Promise<ReadTarget> {
    if (tenantId !== null || !model.storage.shared) assertTenantId(tenantId);
    const grant = await this.#access.read(model, tenantId, options.access);
    const where = and(validateFilter(model, filters), grant.scope);
    const table = await this.#pg.backend.openTable(
      { tenantId, ...(options.signal ? { signal: options.signal } : {}) },
      model,
    );
    return { model, table, where };
  }

  #pgModel(model: Model): Model {
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
      const rows = await this.#tables.tenants.select(target.table.engine, planned.statement, {
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
