import {
  type BackendCapabilities,
  type BackendInitialization,
  type BatchCreateOptions,
  type BatchCreateResult,
  ConfigurationError,
  ConflictError,
  type FilterNode,
  type ImportRowsOptions,
  isSqhError,
  type LifecycleOptions,
  type ListQuery,
  type Model,
  matchesFilter,
  type OperationContext,
  preconditionFailedError,
  quoteInput,
  type RecordData,
  type SearchQuery,
  SqhError,
  type SqhRecord,
  StorageBackend,
  type StorageBackendProtocol,
  type TenantStorageDescription,
  type UpdateOptions,
  updateLeavesScopeError,
  ValidationError,
} from '@sqh/core/spi';
import type { QueryResult, QueryResultRow } from 'pg';
import { copyRows, failedCopyRow } from './bulk-writer.js';
import { withCallSignal } from './call-signal.js';
import { type DatabaseFeatures, detectFeatures } from './database-features.js';
import { newRecordId } from './id-generator.js';
import { findTakenId } from './partition-id-guard.js';
import { PartitionCreator, partitionFor, partitionsFor } from './partitioning.js';
import { mapPgError } from './pg-error-mapping.js';
import { PreparedStatements } from './prepared-statements.js';
import { PromiseCache } from './promise-cache.js';
import {
  countStatement,
  deleteStatement,
  insertStatement,
  listStatement,
  type Statement,
  searchStatement,
  selectByIdStatement,
  updateStatement,
} from './record-statements.js';
import { decodeRow } from './row-codec.js';
import { SchemaSync } from './schema-sync.js';
import { streamRows } from './streaming-copy.js';
import { type TableMapping, tableMapping } from './table-mapping.js';
import { describeTables } from './table-statistics.js';
import type { TenantDatabaseManager } from './tenant-database-manager.js';
import type { TenantEngine } from './tenant-engine.js';

export interface PostgreSQLBackendOptions {
  /** Owns the connections; the backend never closes it (whoever created it does). */
  readonly manager: TenantDatabaseManager;
  /** The server offers pg_trgm: search columns get trigram indexes. */
  readonly trigramAvailable: boolean;
  /** Largest batchCreate accepted in one call. */
  readonly maxBatchSize?: number;
}

/** A model's table, ready to query: its database, its mapping, and what that database supports. */
export interface OpenTable {
  readonly engine: TenantEngine;
  readonly mapping: TableMapping;
  readonly features: DatabaseFeatures;
}

/** Runs one statement on the pool or on a connection already held. */
type StatementRunner = (statement: Statement) => Promise<QueryResult<QueryResultRow>>;

const DEFAULT_MAX_BATCH_SIZE = 1_000_000;
const TRIGRAM = 'pg_trgm';

/**
 * The PostgreSQL storage backend: one database per tenant, shared models in
 * the shared reference database, tables created lazily from the model, filters
 * compiled to parameterized SQL, bulk writes through COPY.
 */
export class PostgreSQLBackend implements StorageBackendProtocol {
  readonly key = StorageBackend.POSTGRESQL;
  readonly capabilities: BackendCapabilities;
  private readonly manager: TenantDatabaseManager;
  private readonly schema = new SchemaSync();
  private readonly partitions = new PartitionCreator();
  private readonly statements = new PreparedStatements();
  private readonly features = new PromiseCache<TenantEngine, DatabaseFeatures>();
  private readonly tables = new Map<string, string>();

  constructor(options: PostgreSQLBackendOptions) {
    this.manager = options.manager;
    this.capabilities = Object.freeze({
      transactions: true,
      partitioning: true,
      sharedReference: true,
      indexedTextSearch: options.trigramAvailable,
      graphPaths: false,
      maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      persistent: true,
      conditionalUpdates: true,
      tenantLifecycle: true,
    });
  }

  /** Checks the model maps to a table, and that no two models claim the same table. */
  prepareModel(model: Model): void {
    const mapping = tableMapping(model);
    const place = `${model.storage.shared ? 'shared' : 'tenant'}:${mapping.table}`;
    const owner = this.tables.get(place);
    if (owner !== undefined && owner !== model.key) {
      throw new ConfigurationError(
        `Models ${owner} and ${model.key} would both be stored in table '${mapping.table}'; give one of them storage.tableName.`,
      );
    }
    this.tables.set(place, model.key);
  }

  /**
   * Resolves the model's database and makes sure its table exists and matches
   * the model. Query services built on this backend start here too.
   */
  async openTable(ctx: OperationContext, model: Model): Promise<OpenTable> {
    ctx.signal?.throwIfAborted();
    const mapping = tableMapping(model);
    const engine = await this.engineFor(ctx, model);
    const features = await this.features.get(engine, '', () =>
      detectFeatures(engine, () => this.trigramFor(ctx, model)),
    );
    await this.schema.ensure(engine, mapping, features);
    return { engine, mapping, features };
  }

  async get(ctx: OperationContext, model: Model, id: string): Promise<SqhRecord | null> {
    return this.guard(ctx, 'get', model, async () => {
      const { engine, mapping, features } = await this.openTable(ctx, model);
      const result = await this.statements.run(engine, selectByIdStatement(mapping, id, ctx.scope, features));
      const row = result.rows[0];
      return row ? decodeRow(mapping, row) : null;
    });
  }

  async list(ctx: OperationContext, model: Model, query: ListQuery): Promise<SqhRecord[]> {
    return this.guard(ctx, 'list', model, async () => {
      const { engine, mapping, features } = await this.openTable(ctx, model);
      const result = await this.statements.run(engine, listStatement(mapping, query, ctx.scope, features));
      return result.rows.map((row) => decodeRow(mapping, row));
    });
  }

  async search(ctx: OperationContext, model: Model, query: SearchQuery): Promise<SqhRecord[]> {
    return this.guard(ctx, 'search', model, async () => {
      const { engine, mapping, features } = await this.openTable(ctx, model);
      const result = await this.statements.run(engine, searchStatement(mapping, query, ctx.scope, features));
      return result.rows.map((row) => decodeRow(mapping, row));
    });
  }

  async count(ctx: OperationContext, model: Model, filter: FilterNode | undefined): Promise<number> {
    return this.guard(ctx, 'count', model, async () => {
      const { engine, mapping, features } = await this.openTable(ctx, model);
      const result = await this.statements.run<{ count: string }>(
        engine,
        countStatement(mapping, filter, ctx.scope, features),
      );
      return Number(result.rows[0]?.count ?? 0);
    });
  }

  async create(ctx: OperationContext, model: Model, data: RecordData): Promise<SqhRecord> {
    return this.guard(ctx, 'create', model, async () => {
      const { engine, mapping } = await this.openTable(ctx, model);
      const row = { ...data, id: typeof data.id === 'string' ? data.id : newRecordId() };
      await this.ensurePartitionOf(engine, mapping, row);
      const insert = insertStatement(mapping, row);
      if (!mapping.partition || typeof data.id !== 'string') {
        return decodeRow(mapping, (await this.statements.run(engine, insert)).rows[0]!);
      }
      return engine.transaction(async (client) => {
        if (await findTakenId(client, mapping, [row])) throw idTaken(model, row.id);
        return decodeRow(mapping, (await this.statements.runOn(client, insert)).rows[0]!);
      });
    });
  }

  async update(
    ctx: OperationContext,
    model: Model,
    id: string,
    patch: RecordData,
    options?: UpdateOptions,
  ): Promise<SqhRecord | null> {
    return this.guard(ctx, 'update', model, async () => {
      const { engine, mapping, features } = await this.openTable(ctx, model);
      const { scope } = ctx;
      const condition = options?.if;
      const statement = updateStatement(mapping, id, patch, scope, features, condition);
      // A write found no row: a missing id, or (with a condition) a record that no longer matches it.
      const unmatched = async (runner: StatementRunner): Promise<null> => {
        if (!condition) return null;
        const stored = await runner(selectByIdStatement(mapping, id, scope, features));
        if (stored.rows.length > 0) throw preconditionFailedError(model.key, id);
        return null;
      };
      const onPool: StatementRunner = (sql) => this.statements.run(engine, sql);
      if (!statement) {
        if (!condition) return this.get(ctx, model, id);
        const both: FilterNode = scope ? { kind: 'and', nodes: [scope, condition] } : condition;
        const row = (await onPool(selectByIdStatement(mapping, id, both, features))).rows[0];
        return row ? decodeRow(mapping, row) : unmatched(onPool);
      }
      await this.ensurePartitionOf(engine, mapping, patch);
      if (!scope) {
        const row = (await onPool(statement)).rows[0];
        return row ? decodeRow(mapping, row) : unmatched(onPool);
      }
      // The statement only checks the row before the patch; the scope bounds the
      // patched row too, so one that would leave it is rolled back, not committed.
      return engine.transaction(async (client) => {
        const onClient: StatementRunner = (sql) => this.statements.runOn(client, sql);
        const row = (await onClient(statement)).rows[0];
        if (!row) return unmatched(onClient);
        const record = decodeRow(mapping, row);
        if (!matchesFilter(scope, record)) throw updateLeavesScopeError(model.key, id);
        return record;
      });
    });
  }

  async delete(ctx: OperationContext, model: Model, id: string): Promise<boolean> {
    return this.guard(ctx, 'delete', model, async () => {
      const { engine, mapping, features } = await this.openTable(ctx, model);
      const result = await this.statements.run(engine, deleteStatement(mapping, id, ctx.scope, features));
      return (result.rowCount ?? 0) > 0;
    });
  }

  /**
   * COPY inside one transaction: all rows or none. Partitions the batch needs
   * are created first (empty partitions left by a failed batch are harmless).
   * With `returning`, records are built from the input: COPY returns nothing,
   * and every stored value reads back equal to what was written.
   */
  async batchCreate(
    ctx: OperationContext,
    model: Model,
    rows: readonly RecordData[],
    options: BatchCreateOptions,
  ): Promise<BatchCreateResult> {
    const total = rows.length;
    const report = options.onProgress;
    if (total === 0) {
      report?.({ written: 0, total });
      return { count: 0, records: [] };
    }
    return this.guard(ctx, 'batchCreate', model, async () => {
      const { engine, mapping } = await this.openTable(ctx, model);
      const ids = rows.map((row) => (typeof row.id === 'string' ? row.id : newRecordId()));
      await this.partitions.ensure(engine, mapping, partitionsFor(mapping, rows));
      try {
        await engine.transaction(async (client) => {
          const taken = await findTakenId(client, mapping, rows);
          if (taken) throw idTaken(model, taken.id, taken.row);
          await copyRows(
            client,
            mapping,
            rows,
            ids,
            report ? { onProgress: (written) => report({ written, total }) } : {},
          );
        });
      } catch (error) {
        throw atFailedRow(error, model, 'batchCreate');
      }
      report?.({ written: total, total });
      // Core hands over freshly parsed rows; one that already carries its id is returned as is.
      const records = options.returning
        ? rows.map((row, index) => (row.id === ids[index] ? row : { ...row, id: ids[index] }) as SqhRecord)
        : [];
      return { count: total, records };
    });
  }

  /** The tenant's database, with pg_trgm when search indexes use it; tables stay lazy. */
  async provisionTenant(tenantId: string, options: LifecycleOptions): Promise<void> {
    options.signal?.throwIfAborted();
    await this.manager.provisionDatabase(tenantId, this.capabilities.indexedTextSearch ? [TRIGRAM] : []);
  }

  tenantExists(tenantId: string, options: LifecycleOptions): Promise<boolean> {
    options.signal?.throwIfAborted();
    return this.manager.databaseExists(tenantId);
  }

  /**
   * Closes the tenant's engine and drops its database. What this backend cached
   * about it (table schemas, partitions, features) is keyed by that engine, so
   * it goes with it and a later call starts fresh.
   */
  async deprovisionTenant(tenantId: string, options: LifecycleOptions): Promise<void> {
    options.signal?.throwIfAborted();
    await this.manager.dropDatabase(tenantId);
  }

  async describeTenant(
    tenantId: string,
    models: readonly Model[],
    options: LifecycleOptions,
  ): Promise<TenantStorageDescription> {
    options.signal?.throwIfAborted();
    const location = this.manager.locate(tenantId);
    const engine = await this.manager.existingEngine(tenantId);
    if (!engine) {
      return {
        provisioned: false,
        ...location,
        models: models.map((model) => ({ model: model.key, stored: false })),
      };
    }
    try {
      return {
        provisioned: true,
        ...location,
        models: await describeTables(engine, models.map(tableMapping)),
      };
    } catch (error) {
      throw isSqhError(error)
        ? error
        : mapPgError(error, { operation: 'describeTenant', database: location.database });
    }
  }

  /** The shared reference database with PostGIS and pg_trgm where the server offers them. */
  async initialize(options: LifecycleOptions): Promise<BackendInitialization> {
    options.signal?.throwIfAborted();
    const { database, extensions, missing } = await this.manager.ensureSharedDatabaseExists();
    return { database, extensions, missing };
  }

  /** Streams batches through COPY (see streamRows); a COPY failure names its row in the whole input. */
  async importRows(
    ctx: OperationContext,
    model: Model,
    batches: AsyncIterable<readonly RecordData[]>,
    options: ImportRowsOptions,
  ): Promise<BatchCreateResult> {
    return this.guard(ctx, 'import', model, async () => {
      const { engine, mapping } = await this.openTable(ctx, model);
      const position = { segmentStart: 0 };
      try {
        return await streamRows(
          engine,
          mapping,
          this.partitions,
          batches,
          options,
          position,
          async (client, batch, firstRow) => {
            const taken = await findTakenId(client, mapping, batch);
            if (taken) throw idTaken(model, taken.id, firstRow + taken.row);
          },
        );
      } catch (error) {
        throw atFailedRow(error, model, 'import', position.segmentStart);
      }
    });
  }

  private async engineFor(ctx: OperationContext, model: Model): Promise<TenantEngine> {
    if (model.storage.shared) return this.manager.getSharedEngine();
    if (ctx.tenantId === null) {
      throw new ValidationError(`${model.key} is stored per tenant, so a tenant id is required.`, [
        { path: ['tenantId'], message: 'missing' },
      ]);
    }
    return this.manager.getEngine(ctx.tenantId);
  }

  /** Called once per database (features are cached per engine). */
  private async trigramFor(ctx: OperationContext, model: Model): Promise<boolean> {
    if (!this.capabilities.indexedTextSearch) return false;
    if (!model.storage.shared) return this.manager.ensureExtension(ctx.tenantId as string, TRIGRAM);
    const shared = await this.manager.ensureSharedDatabaseExists();
    return shared.extensions[TRIGRAM] === true;
  }

  private async ensurePartitionOf(
    engine: TenantEngine,
    mapping: TableMapping,
    row: RecordData,
  ): Promise<void> {
    const partition = mapping.partition;
    const value = partition ? row[partition.column] : undefined;
    if (!partition || !(value instanceof Date)) return;
    await this.partitions.ensure(engine, mapping, [partitionFor(mapping.table, partition.interval, value)]);
  }

  /** Every failure leaves as an SqhError: no SQL text, no credentials. */
  private async guard<T>(
    ctx: OperationContext,
    operation: string,
    model: Model,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      // Every statement of the call, however deep, is cancelled when its signal fires.
      return await withCallSignal(ctx.signal, run);
    } catch (error) {
      if (isSqhError(error) || ctx.signal?.aborted) throw error;
      throw mapPgError(error, { operation, model: model.key });
    }
  }
}

function idTaken(model: Model, id: string, row?: number): ConflictError {
  const where =
    row === undefined ? '' : `Batch for ${model.key} refused at row ${row}; nothing was written: `;
  return new ConflictError(
    `${where}a ${model.key} record with id ${quoteInput(id)} already exists; choose another id or update it.`,
  );
}

/** A COPY failure names its line; the caller gets the row index of the offending input. */
function atFailedRow(error: unknown, model: Model, operation: string, firstRow = 0): unknown {
  const failed = failedCopyRow(error);
  const mapped = isSqhError(error) ? error : mapPgError(error, { operation, model: model.key });
  if (!failed) return mapped;
  const { column } = failed;
  const row = firstRow + failed.row;
  const nothing = `Batch for ${model.key} refused at row ${row}; nothing was written`;
  if (mapped.code === 'CONFLICT')
    return new ConflictError(`${nothing}: ${mapped.message}`, { cause: mapped });
  if (mapped instanceof ValidationError) {
    const path = column === undefined ? [] : [column];
    const issues = mapped.issues.length > 0 ? mapped.issues : [{ path, message: mapped.message }];
    return new ValidationError(
      nothing,
      issues.map((issue) => ({ ...issue, path: issue.path.length > 0 ? issue.path : path, row })),
      { cause: mapped },
    );
  }
  return new SqhError(mapped.code, `${nothing}: ${mapped.message}`, { cause: mapped });
}
