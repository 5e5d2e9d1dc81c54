import type { AccessContext, AccessOperation } from './access-policy.js';
import { type AccessService, bindAccessContext } from './access-service.js';
import type {
  BatchCreateResult,
  BatchProgress,
  OperationContext,
  RecordData,
  SqhRecord,
  StorageBackendProtocol,
} from './backend-protocol.js';
import type { BackendRegistry } from './backend-registry.js';
import {
  AccessDeniedError,
  CancelledError,
  ConfigurationError,
  ImportInterruptedError,
  isSqhError,
  NotFoundError,
  SqhError,
  UnsupportedError,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
import { matchesFilter } from './filter/filter-evaluator.js';
import type { FilterInput, FilterNode } from './filter/filter-types.js';
import { validateFilter, validateOrderBy, validateSearchFields } from './filter/filter-validator.js';
import { keysetFilter } from './filter/keyset-cursor.js';
import { QUERY_LIMITS } from './filter/query-limits.js';
import type { HookContext, WriteOperation } from './hooks.js';
import type { Model } from './model.js';
import { ModelRecords } from './model-records.js';
import type { ModelRegistry } from './model-registry.js';
import type { ProjectionErrorReporter, ProjectionEvent, ProjectionSink } from './projection.js';
import {
  DEFAULT_COMMIT_EVERY,
  IMPORT_BATCH_ROWS,
  type ImportOptions,
  type ImportResult,
  type ImportSource,
  isImportSource,
  sourceBatches,
} from './record-import.js';
import { assertValid, parseCreateInput, parseUpdateInput, recordIdProblem } from './record-input.js';
import { normalizeRecord } from './record-normalizer.js';
import { unstorableTextReason } from './storable-text.js';
import { assertTenantId } from './tenant-slug.js';

export interface CallOptions {
  /** Who is asking; required when an access policy is registered. */
  readonly access?: AccessContext;
  readonly signal?: AbortSignal;
  /**
   * Milliseconds after which the call fails with CANCELLED (reason 'timeout');
   * the composition's `limits.callTimeoutMs` when omitted, no limit when Infinity.
   */
  readonly timeoutMs?: number;
}

export interface ListOptions {
  readonly filters?: FilterInput;
  /** Field names, `-` prefix for descending: `['-created_at', 'station_code']`. */
  readonly orderBy?: readonly string[];
  readonly limit?: number;
  readonly skip?: number;
  /**
   * Keyset paging: the last record of the previous page (same filters and
   * orderBy); the page starts right after it. Costs the same on page 1,000 as
   * on page 1, and inserts before the cursor do not shift the next page.
   */
  readonly after?: Readonly<Record<string, unknown>>;
}

export interface SearchOptions {
  /** Text fields to search; every string and enum field of the model when omitted. */
  readonly fields?: readonly string[];
  readonly filters?: FilterInput;
  readonly limit?: number;
}

export interface UpdateCallOptions extends CallOptions {
  /**
   * Precondition: the update applies only if the stored record matches this
   * filter, checked atomically with the write; otherwise CONFLICT and nothing
   * changes. Read-modify-write without lost updates:
   * `update(t, g, m, id, { counter: c + 1 }, { if: { counter: c } })`, retried on CONFLICT.
   */
  readonly if?: FilterInput;
}

export interface BatchCreateCallOptions extends CallOptions {
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Default true. False skips returning the rows (very large imports). */
  readonly returning?: boolean;
}

export interface RecordServiceLimits {
  readonly defaultListLimit: number;
  readonly maxListLimit: number;
  readonly maxBatchSize: number;
  /** Validation issues collected for one batch before giving up. */
  readonly maxBatchIssues: number;
  /** Default timeout of every call in milliseconds (a call's `timeoutMs` overrides it). */
  readonly callTimeoutMs: number;
}

export const DEFAULT_RECORD_SERVICE_LIMITS: RecordServiceLimits = Object.freeze({
  defaultListLimit: 100,
  maxListLimit: 10_000,
  maxBatchSize: 1_000_000,
  maxBatchIssues: 50,
  callTimeoutMs: 60_000,
});

export interface RecordServiceDependencies {
  readonly models: ModelRegistry;
  readonly backends: BackendRegistry;
  readonly access: AccessService;
  readonly projectionSinks: readonly ProjectionSink[];
  readonly reportProjectionError: ProjectionErrorReporter;
  readonly limits: RecordServiceLimits;
}

interface Resolved {
  readonly model: Model;
  readonly backend: StorageBackendProtocol;
  readonly ctx: OperationContext;
}

/**
 * Unified CRUD over every backend (`sqh.records`). For each call: resolve the
 * model, pick its backend, validate input against the schema, run hooks, apply
 * the access policy, delegate, and emit a projection event after writes.
 */
export class PlatformGroupRecordService {
  constructor(private readonly deps: RecordServiceDependencies) {}

  /** This service bound to one registered model, with typed records: `sqh.records.of(LabResult)`. */
  of<M extends Model>(model: M): ModelRecords<M> {
    if (this.deps.models.get(model.group, model.name) !== model) {
      throw new ConfigurationError(
        `${model.key} is registered in this sqh with a different definition; pass the model given to createSqh.`,
      );
    }
    return new ModelRecords(this, model);
  }

  async get(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    id: string,
    options: CallOptions = {},
  ) {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'read', options);
    assertId(id);
    const record = await this.call(ctx, backend, model, 'get', () => backend.get(ctx, model, id));
    return record === null ? null : normalizeRecord(model, record);
  }

  async list(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    query: ListOptions = {},
    options: CallOptions = {},
  ): Promise<SqhRecord[]> {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'read', options);
    const orderBy = validateOrderBy(model, query.orderBy);
    const after = query.after === undefined ? undefined : keysetFilter(model, orderBy, query.after);
    const filter = and(and(validateFilter(model, query.filters), after), ctx.scope);
    const limit = this.limit(query.limit);
    const skip = checkInteger(query.skip ?? 0, 'skip', 0, Number.MAX_SAFE_INTEGER);
    const records = await this.call(ctx, backend, model, 'list', () =>
      backend.list(ctx, model, { ...(filter ? { filter } : {}), orderBy, limit, skip }),
    );
    return records.map((record) => normalizeRecord(model, record));
  }

  async search(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    text: string,
    query: SearchOptions = {},
    options: CallOptions = {},
  ): Promise<SqhRecord[]> {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'read', options);
    const textProblem =
      typeof text !== 'string'
        ? 'expected a string'
        : text.length > QUERY_LIMITS.maxTextOperandLength
          ? `at most ${QUERY_LIMITS.maxTextOperandLength} characters, got ${text.length}`
          : unstorableTextReason(text);
    if (textProblem !== undefined) {
      throw new ValidationError(`Invalid search for ${model.key}`, [
        { path: ['text'], message: textProblem },
      ]);
    }
    const fields = validateSearchFields(model, query.fields);
    const filter = and(validateFilter(model, query.filters), ctx.scope);
    const limit = this.limit(query.limit);
    const records = await this.call(ctx, backend, model, 'search', () =>
      backend.search(ctx, model, { text, fields, ...(filter ? { filter } : {}), limit }),
    );
    return records.map((record) => normalizeRecord(model, record));
  }

  async count(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    filters?: FilterInput,
    options: CallOptions = {},
  ): Promise<number> {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'read', options);
    const filter = and(validateFilter(model, filters), ctx.scope);
    return this.call(ctx, backend, model, 'count', () => backend.count(ctx, model, filter));
  }

  async create(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    data: Readonly<Record<string, unknown>>,
    options: CallOptions = {},
  ): Promise<SqhRecord> {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'create', options);
    const hookCtx = this.hookContext(ctx, model, 'create');
    const prepared = await this.runCreateHooks(
      model,
      hookCtx,
      assertValid(model, parseCreateInput(model, data), 'record'),
    );
    this.assertInScope(model, ctx.scope, [prepared]);
    const record = normalizeRecord(
      model,
      await this.call(ctx, backend, model, 'create', () => backend.create(ctx, model, prepared)),
    );
    await this.afterWrite(ctx, model, 'create', [record], () =>
      model.hooks.afterCreate?.(hookCtx, record as never),
    );
    return record;
  }

  async update(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    id: string,
    patch: Readonly<Record<string, unknown>>,
    options: UpdateCallOptions = {},
  ): Promise<SqhRecord> {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'update', options);
    assertId(id);
    const condition = this.precondition(model, backend, options.if);
    const hookCtx = this.hookContext(ctx, model, 'update', id);
    let parsed = assertValid(model, parseUpdateInput(model, patch), 'update');
    await model.hooks.validateOrRaise?.(hookCtx, parsed as never);
    const replaced = await model.hooks.beforeUpdate?.(hookCtx, id, parsed as never);
    if (replaced && replaced !== parsed)
      parsed = assertValid(model, parseUpdateInput(model, replaced), 'update from beforeUpdate');
    const updated = await this.call(ctx, backend, model, 'update', () =>
      backend.update(ctx, model, id, parsed, condition ? { if: condition } : undefined),
    );
    if (updated === null) throw notFound(model, id);
    const record = normalizeRecord(model, updated);
    await this.afterWrite(ctx, model, 'update', [record], () =>
      model.hooks.afterUpdate?.(hookCtx, record as never),
    );
    return record;
  }

  /** Returns false when no record has this id (nothing to delete). */
  async delete(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    id: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'delete', options);
    assertId(id);
    const hookCtx = this.hookContext(ctx, model, 'delete', id);
    await model.hooks.beforeDelete?.(hookCtx, id);
    const deleted = await this.call(ctx, backend, model, 'delete', () => backend.delete(ctx, model, id));
    if (deleted) {
      await this.afterWrite(ctx, model, 'delete', [], () => model.hooks.afterDelete?.(hookCtx, id), [id]);
    }
    return deleted;
  }

  /** All-or-nothing: one invalid row (reported by index) means nothing is written. */
  async batchCreate(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options: BatchCreateCallOptions = {},
  ): Promise<{ count: number; records: SqhRecord[] }> {
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'create', options);
    if (!Array.isArray(rows)) {
      throw new ValidationError(`Invalid batch for ${model.key}`, [
        { path: ['rows'], message: 'expected an array of records' },
      ]);
    }
    const maxBatch = Math.min(this.deps.limits.maxBatchSize, backend.capabilities.maxBatchSize);
    if (rows.length > maxBatch) {
      throw new ValidationError(
        `Batch of ${rows.length} rows for ${model.key} is larger than the limit of ${maxBatch}; split it into smaller batches.`,
        [{ path: ['rows'], message: `at most ${maxBatch} rows` }],
      );
    }
    const returning = options.returning ?? true;
    const report = options.onProgress;
    const total = rows.length;
    const result = await this.call(
      ctx,
      backend,
      model,
      'batchCreate',
      async (): Promise<BatchCreateResult> => {
        const importRows = backend.importRows?.bind(backend);
        if (!importRows || total === 0) {
          const prepared = await this.prepareBatch(ctx, model, rows);
          this.assertInScope(model, ctx.scope, prepared);
          return backend.batchCreate(ctx, model, prepared, {
            returning,
            ...(report ? { onProgress: report } : {}),
          });
        }
        // Streamed: each batch is validated while the store ingests the one before,
        // and an invalid row aborts the whole write (one transaction).
        let reported = -1;
        const progress = (written: number) => {
          if (written === reported) return;
          reported = written;
          report?.({ written, total });
        };
        const written = await importRows(ctx, model, this.validatedBatches(ctx, model, arrayBatches(rows)), {
          atomic: true,
          commitEvery: total,
          returning,
          ...(report ? { onWritten: progress } : {}),
        }).catch((error: unknown) => {
          throw error instanceof ValidationError ? this.wholeBatchIssues(model, rows, error) : error;
        });
        progress(total);
        return written;
      },
    );
    const records = result.records.map((record) => normalizeRecord(model, record));
    const after = model.hooks.afterCreate;
    await this.afterWrite(
      ctx,
      model,
      'batchCreate',
      records,
      after
        ? async () => {
            for (const [index, record] of records.entries()) {
              await after(
                { ...this.hookContext(ctx, model, 'create', record.id), rowIndex: index },
                record as never,
              );
            }
          }
        : undefined,
      undefined,
      result.count,
    );
    return { count: result.count, records };
  }

  /**
   * Streams rows of any (async) iterable or Node object-mode stream into a
   * model's storage with constant memory: rows are validated in batches while
   * the store ingests the previous batch. All or nothing by default; with
   * `atomic: false` a commit every `commitEvery` rows, and a failure says how
   * many rows of the source are committed (ImportInterruptedError), so a re-run
   * with `resumeAt` continues there. Records are not returned; after-create
   * hooks do not run (as for batchCreate with `returning: false`).
   */
  async import(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    source: ImportSource,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    // A stream has no size to bound it by: an import ends by its signal, or by a timeoutMs given for it.
    const bounded = { ...options, timeoutMs: options.timeoutMs ?? Number.POSITIVE_INFINITY };
    const { model, backend, ctx } = await this.resolve(tenantId, groupSlug, modelName, 'create', bounded);
    if (!isImportSource(source)) {
      throw new ValidationError(`Invalid import for ${model.key}`, [
        {
          path: ['source'],
          message: 'expected an iterable, an async iterable or an object-mode stream of records',
        },
      ]);
    }
    const atomic = options.atomic ?? true;
    if (typeof atomic !== 'boolean') {
      throw new ValidationError(`Invalid import for ${model.key}`, [
        { path: ['atomic'], message: 'expected a boolean' },
      ]);
    }
    const commitEvery = checkInteger(
      options.commitEvery ?? DEFAULT_COMMIT_EVERY,
      'commitEvery',
      1,
      Number.MAX_SAFE_INTEGER,
    );
    const resumeAt = checkInteger(options.resumeAt ?? 0, 'resumeAt', 0, Number.MAX_SAFE_INTEGER);
    const report = options.onProgress;
    let written = 0;
    let committed = 0;
    const batches = this.validatedBatches(
      ctx,
      model,
      sourceBatches(
        source,
        resumeAt,
        Math.min(IMPORT_BATCH_ROWS, commitEvery),
        atomic ? Number.MAX_SAFE_INTEGER : commitEvery,
      ),
      resumeAt,
    );
    const rowsOptions = {
      atomic,
      commitEvery,
      returning: false,
      onWritten: (rows: number) => {
        written = rows;
        report?.({ written: resumeAt + rows, committed: resumeAt + committed });
      },
      onCommitted: (rows: number) => {
        committed = rows;
        report?.({ written: resumeAt + written, committed: resumeAt + rows });
      },
    };
    let result: BatchCreateResult;
    try {
      result = await this.call(ctx, backend, model, 'import', () =>
        backend.importRows
          ? backend.importRows(ctx, model, batches, rowsOptions)
          : this.importThroughBatches(backend, ctx, model, batches, rowsOptions),
      );
    } catch (error) {
      const failure =
        error instanceof ValidationError && error.issues.some((issue) => issue.row !== undefined)
          ? new ValidationError(
              `Invalid import for ${model.key}${atomic ? '; nothing was written' : ''}`,
              error.issues,
            )
          : error;
      if (atomic || !isSqhError(failure)) throw failure;
      throw new ImportInterruptedError(resumeAt + committed, failure);
    }
    report?.({ written: resumeAt + result.count, committed: resumeAt + result.count });
    await this.afterWrite(ctx, model, 'batchCreate', [], undefined, [], result.count);
    return { count: result.count };
  }

  /** Each batch parsed, run through the create hooks and checked against the scope, as the store asks for it. */
  private async *validatedBatches(
    ctx: OperationContext,
    model: Model,
    batches: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
    firstRow = 0,
  ): AsyncGenerator<RecordData[]> {
    let offset = firstRow;
    for await (const batch of batches) {
      const prepared = await this.prepareBatch(ctx, model, batch, offset);
      this.assertInScope(model, ctx.scope, prepared, offset);
      offset += batch.length;
      yield prepared;
    }
  }

  /** A streamed batch stops at its first invalid batch; the caller still hears of every bad row (up to the limit). */
  private wholeBatchIssues(model: Model, rows: readonly unknown[], error: ValidationError): ValidationError {
    const issues = [...error.issues];
    const firstBad = Math.max(...issues.map((issue) => issue.row ?? -1));
    const limit = this.deps.limits.maxBatchIssues;
    if (firstBad < 0 || issues.length >= limit || issues.some((issue) => issue.row === undefined))
      return error;
    const lastChecked = Math.ceil((firstBad + 1) / IMPORT_BATCH_ROWS) * IMPORT_BATCH_ROWS;
    for (let index = lastChecked; index < rows.length && issues.length < limit; index++) {
      const result = parseCreateInput(model, rows[index], index);
      if (!result.data) issues.push(...result.issues);
    }
    return issues.length === error.issues.length
      ? error
      : new ValidationError(`Invalid batch for ${model.key}; nothing was written`, issues);
  }

  /**
   * Import on a backend without importRows: one batchCreate per commit. Atomic,
   * that means holding every row, so it is bounded by the backend's batch limit.
   */
  private async importThroughBatches(
    backend: StorageBackendProtocol,
    ctx: OperationContext,
    model: Model,
    batches: AsyncIterable<readonly RecordData[]>,
    options: {
      atomic: boolean;
      commitEvery: number;
      onWritten: (rows: number) => void;
      onCommitted: (rows: number) => void;
    },
  ): Promise<BatchCreateResult> {
    const limit = options.atomic ? backend.capabilities.maxBatchSize : options.commitEvery;
    let pending: RecordData[] = [];
    let count = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      await backend.batchCreate(ctx, model, pending, { returning: false });
      count += pending.length;
      pending = [];
      options.onWritten(count);
      options.onCommitted(count);
    };
    for await (const batch of batches) {
      if (options.atomic && pending.length + batch.length > limit) {
        throw new ValidationError(
          `The '${backend.key}' backend imports at most ${limit} rows in one transaction; import with atomic: false.`,
          [{ path: ['source'], message: `more than ${limit} rows` }],
        );
      }
      pending.push(...batch);
      if (!options.atomic && pending.length >= limit) await flush();
    }
    await flush();
    return { count, records: [] };
  }

  private async resolve(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    operation: AccessOperation,
    options: CallOptions,
  ): Promise<Resolved> {
    const signal = callSignal(options, this.deps.limits.callTimeoutMs);
    if (signal.aborted) throw cancelled(signal, groupSlug, modelName);
    const model = this.deps.models.get(groupSlug, modelName);
    if (tenantId !== null || !model.storage.shared) assertTenantId(tenantId);
    const backend = this.deps.backends.get(model.storage.backend);
    const access = options.access ? bindAccessContext(model, options.access) : undefined;
    const scope = await this.deps.access.authorize({
      model,
      operation,
      tenantId,
      ...(access ? { access } : {}),
    });
    const ctx: OperationContext = {
      tenantId,
      ...(access ? { access } : {}),
      signal,
      ...(scope ? { scope } : {}),
    };
    return { model, backend, ctx };
  }

  /** An update's `if`: validated like any filter; refused where the backend cannot check it atomically. */
  private precondition(
    model: Model,
    backend: StorageBackendProtocol,
    input: FilterInput | undefined,
  ): FilterNode | undefined {
    if (input === undefined) return undefined;
    const condition = validateFilter(model, input);
    if (condition && !backend.capabilities.conditionalUpdates) {
      throw new UnsupportedError(
        `The '${backend.key}' backend of ${model.key} cannot check an update's 'if' condition atomically; update without it.`,
      );
    }
    return condition;
  }

  private assertInScope(
    model: Model,
    scope: FilterNode | undefined,
    rows: readonly RecordData[],
    firstRow?: number,
  ): void {
    if (!scope) return;
    const outside = rows.findIndex((row) => !matchesFilter(scope, row));
    if (outside >= 0) {
      const where = rows.length > 1 || (firstRow ?? 0) > 0 ? ` (row ${outside + (firstRow ?? 0)})` : '';
      throw new AccessDeniedError(
        `Access denied: the record to create on ${model.key}${where} is outside what you may write.`,
      );
    }
  }

  private hookContext(
    ctx: OperationContext,
    model: Model,
    operation: WriteOperation,
    recordId?: string,
  ): HookContext {
    return {
      tenantId: ctx.tenantId,
      groupSlug: model.group,
      modelName: model.name,
      operation,
      ...(ctx.access ? { access: ctx.access } : {}),
      ...(recordId === undefined ? {} : { recordId }),
    };
  }

  /** validateOrRaise and beforeCreate on already-parsed data; what beforeCreate returns is parsed again. */
  private async runCreateHooks(
    model: Model,
    hookCtx: HookContext,
    parsed: RecordData,
    row?: number,
  ): Promise<RecordData> {
    await model.hooks.validateOrRaise?.(hookCtx, parsed as never);
    const replaced = await model.hooks.beforeCreate?.(hookCtx, parsed as never);
    if (!replaced || replaced === parsed) return parsed;
    const id = parsed.id;
    const what = row === undefined ? 'record' : 'batch';
    return assertValid(
      model,
      parseCreateInput(model, id === undefined ? replaced : { id, ...replaced }, row),
      `${what} from beforeCreate`,
    );
  }

  private async prepareBatch(
    ctx: OperationContext,
    model: Model,
    rows: readonly unknown[],
    firstRow = 0,
  ): Promise<RecordData[]> {
    const issues: ValidationIssue[] = [];
    const parsed: RecordData[] = [];
    for (let index = 0; index < rows.length && issues.length < this.deps.limits.maxBatchIssues; index++) {
      const result = parseCreateInput(model, rows[index], firstRow + index);
      if (result.data) parsed.push(result.data);
      else issues.push(...result.issues);
    }
    if (issues.length > 0)
      throw new ValidationError(`Invalid batch for ${model.key}; nothing was written`, issues);
    const { validateOrRaise, beforeCreate } = model.hooks;
    if (!validateOrRaise && !beforeCreate) return parsed;
    const prepared: RecordData[] = [];
    for (const [at, data] of parsed.entries()) {
      const index = firstRow + at;
      const hookCtx = { ...this.hookContext(ctx, model, 'create'), rowIndex: index };
      try {
        prepared.push(await this.runCreateHooks(model, hookCtx, data, index));
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new ValidationError(
            `Invalid batch for ${model.key}; nothing was written`,
            error.issues.map((issue) => ({ ...issue, row: index })),
          );
        }
        throw error;
      }
    }
    return prepared;
  }

  private async afterWrite(
    ctx: OperationContext,
    model: Model,
    operation: ProjectionEvent['operation'],
    records: readonly SqhRecord[],
    afterHook: (() => unknown) | undefined,
    ids: readonly string[] = records.map((record) => record.id),
    count: number = ids.length,
  ): Promise<void> {
    try {
      await afterHook?.();
    } finally {
      await this.project({
        operation,
        tenantId: ctx.tenantId,
        groupSlug: model.group,
        modelName: model.name,
        model,
        ids,
        records,
        count,
        ...(ctx.access ? { access: ctx.access } : {}),
      });
    }
  }

  private async project(event: ProjectionEvent): Promise<void> {
    if (!event.model.projection.enabled) return;
    await Promise.all(
      this.deps.projectionSinks.map(async (sink) => {
        try {
          await sink.handle(event);
        } catch (error) {
          this.deps.reportProjectionError(error, sink, event);
        }
      }),
    );
  }

  /**
   * Runs one backend call. It ends when the call's signal fires even if the
   * backend does not notice (the backend should also stop its own work:
   * cancel the statement, abort the request), with CancelledError.
   */
  private async call<T>(
    ctx: OperationContext,
    backend: StorageBackendProtocol,
    model: Model,
    operation: string,
    run: () => Promise<T>,
  ): Promise<T> {
    const signal = ctx.signal;
    let stop: (() => void) | undefined;
    try {
      if (!signal) return await run();
      const stopped = new Promise<never>((_, reject) => {
        const onAbort = () => reject(cancelled(signal, model.group, model.name, operation));
        signal.addEventListener('abort', onAbort, { once: true });
        stop = () => signal.removeEventListener('abort', onAbort);
      });
      stopped.catch(() => undefined);
      if (signal.aborted) throw cancelled(signal, model.group, model.name, operation);
      return await Promise.race([run(), stopped]);
    } catch (error) {
      if (signal?.aborted) {
        throw error instanceof CancelledError
          ? error
          : cancelled(signal, model.group, model.name, operation, error);
      }
      if (isSqhError(error)) throw error;
      throw new SqhError(
        'INTERNAL',
        `The '${backend.key}' backend failed during ${operation} on ${model.key}. The underlying error is attached as the cause for your logs.`,
        { cause: error },
      );
    } finally {
      stop?.();
    }
  }

  private limit(limit: number | undefined): number {
    return checkInteger(
      limit ?? this.deps.limits.defaultListLimit,
      'limit',
      1,
      this.deps.limits.maxListLimit,
    );
  }
}

/** The caller's signal, bounded by the call's timeout: whichever fires first ends the call. */
function callSignal(options: CallOptions, defaultTimeoutMs: number): AbortSignal {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError('timeoutMs must be a positive number of milliseconds (Infinity for no limit)', [
      { path: ['timeoutMs'], message: `got ${String(timeoutMs)}` },
    ]);
  }
  const caller = options.signal;
  if (!Number.isFinite(timeoutMs)) return caller ?? new AbortController().signal;
  const timeout = AbortSignal.timeout(timeoutMs);
  return caller ? AbortSignal.any([caller, timeout]) : timeout;
}

function cancelled(
  signal: AbortSignal,
  groupSlug: string,
  modelName: string,
  operation?: string,
  cause: unknown = signal.reason,
): CancelledError {
  const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
  const what = `${operation ?? 'the call'} on ${groupSlug}/${modelName}`;
  return new CancelledError(
    timedOut
      ? `${what} ran past its timeout and was stopped; retry it, or give it a longer timeoutMs.`
      : `${what} was cancelled by its AbortSignal.`,
    timedOut ? 'timeout' : 'aborted',
    { cause },
  );
}

function and(left: FilterNode | undefined, right: FilterNode | undefined): FilterNode | undefined {
  if (!left) return right;
  if (!right) return left;
  return { kind: 'and', nodes: [left, right] };
}

function checkInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}`, [
      { path: [name], message: `got ${String(value)}` },
    ]);
  }
  return value;
}

/** The same rule as a caller-chosen id on create, so no backend is handed an id it could not store. */
function assertId(id: unknown): asserts id is string {
  const problem = recordIdProblem(id);
  if (problem !== undefined) {
    throw new ValidationError(`Invalid record id: ${problem}`, [{ path: ['id'], message: problem }]);
  }
}

function notFound(model: Model, id: string): NotFoundError {
  return new NotFoundError(
    `No ${model.key} record with id '${id}' (it does not exist, or you may not see it).`,
  );
}

/** An array in consecutive slices of IMPORT_BATCH_ROWS rows. */
function* arrayBatches<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let start = 0; start < rows.length; start += IMPORT_BATCH_ROWS) {
    yield rows.slice(start, start + IMPORT_BATCH_ROWS);
  }
}
