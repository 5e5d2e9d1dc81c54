import {
  type BackendCapabilities,
  type BatchCreateOptions,
  type BatchCreateResult,
  ConflictError,
  compareRecords,
  type FilterNode,
  ID_FIELD,
  type LifecycleOptions,
  type ListQuery,
  type Model,
  type ModelStorageDescription,
  matchesFilter,
  type OperationContext,
  type OrderSpec,
  preconditionFailedError,
  type RecordData,
  type SearchQuery,
  type SqhRecord,
  StorageBackend,
  type StorageBackendProtocol,
  type TenantStorageDescription,
  UnsupportedError,
  type UpdateOptions,
  updateLeavesScopeError,
  ValidationError,
} from '@sqh/core/spi';
import { ClassCatalog } from './class-catalog.js';
import type { ClassMapping, ModelLookup } from './class-mapping.js';
import { decodeDocument, encodeDocument, patchDocument } from './document-codec.js';
import { documentIdFor, newRecordId, recordIdFrom, recordIdOfDocument } from './document-id.js';
import { translateError } from './error-translation.js';
import { filterToTemplate } from './filter-to-template.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { RESULT_COUNT, RESULT_DOCUMENT, RecordQueries } from './record-queries.js';
import { SchemaSynchronizer } from './schema-synchronizer.js';
import { TenantDatabaseRegistry } from './tenant-database-registry.js';
import { TerminusApiError } from './terminus-api-error.js';
import {
  type ResolvedTerminusOptions,
  resolveTerminusOptions,
  type TerminusBackendOptions,
} from './terminus-backend-options.js';
import type { TerminusBackendService } from './terminus-backend-service.js';
import {
  type CommitInfo,
  TerminusHttpClient,
  type TerminusResource,
  type Versioned,
} from './terminus-http-client.js';

interface Prepared {
  readonly resource: TerminusResource;
  readonly mapping: ClassMapping;
}

/**
 * The TerminusDB storage backend: one database per tenant, one class per model,
 * one HTTP request per get, list, count, search, create, delete and batchCreate
 * once the tenant's database and classes are in place.
 */
export class TerminusDBBackend implements StorageBackendProtocol, TerminusBackendService {
  readonly key = StorageBackend.TERMINUSDB;
  readonly capabilities: BackendCapabilities = Object.freeze({
    // Each write is one request, and the server commits a request atomically.
    transactions: true,
    partitioning: false,
    sharedReference: false,
    indexedTextSearch: false,
    graphPaths: true,
    maxBatchSize: 100_000,
    // The precondition is checked on the document read, and the write is guarded by that read's data version.
    persistent: true,
    conditionalUpdates: true,
    tenantLifecycle: true,
  });
  readonly client: TerminusHttpClient;
  private readonly options: ResolvedTerminusOptions;
  private readonly databases: TenantDatabaseRegistry;
  private readonly schemas: SchemaSynchronizer;
  private readonly classes: ClassCatalog;

  /**
   * @param lookup finds relation targets by `group/Model` key; the plugin passes
   *   the composition's model registry. Without it, only prepared models are known.
   */
  constructor(options: TerminusBackendOptions, lookup?: ModelLookup) {
    this.options = resolveTerminusOptions(options);
    this.client = new TerminusHttpClient(this.options);
    this.databases = new TenantDatabaseRegistry(this.client, this.options.organization);
    this.schemas = new SchemaSynchronizer(this.client, this.options.author);
    this.classes = new ClassCatalog(lookup);
  }

  get organization(): string {
    return this.options.organization;
  }

  prepareModel(model: Model): void {
    this.classes.register(model);
  }

  async get(ctx: OperationContext, model: Model, id: string): Promise<SqhRecord | null> {
    return this.run(ctx, model, 'get', async ({ resource, mapping }) => {
      const found = await this.readOne(resource, mapping, documentIdFor(mapping.className, id), ctx);
      return found.value === undefined ? null : decodeDocument(mapping, found.value);
    });
  }

  async list(ctx: OperationContext, model: Model, query: ListQuery): Promise<SqhRecord[]> {
    return this.run(ctx, model, 'list', async ({ resource, mapping }) => {
      // The record service already folds the scope into the filter; other SPI callers may not.
      const filter = both(query.filter, ctx.scope);
      const woql = RecordQueries.list(mapping, {
        ...(filter ? { filter } : {}),
        orderBy: query.orderBy,
        limit: query.limit,
        skip: query.skip,
      });
      return this.documents(resource, mapping, woql, ctx, query.orderBy);
    });
  }

  async search(ctx: OperationContext, model: Model, query: SearchQuery): Promise<SqhRecord[]> {
    return this.run(ctx, model, 'search', async ({ resource, mapping }) => {
      const filter = both(query.filter, ctx.scope);
      const woql = RecordQueries.search(mapping, {
        text: query.text,
        fields: query.fields,
        limit: query.limit,
        ...(filter ? { filter } : {}),
      });
      return this.documents(resource, mapping, woql, ctx, []);
    });
  }

  async count(ctx: OperationContext, model: Model, filter: FilterNode | undefined): Promise<number> {
    return this.run(ctx, model, 'count', async ({ resource, mapping }) => {
      const { value } = await this.client.woql(
        resource,
        RecordQueries.count(mapping, both(filter, ctx.scope)),
        signalOf(ctx),
      );
      return numberOf(value.bindings[0]?.[RESULT_COUNT]);
    });
  }

  async create(ctx: OperationContext, model: Model, data: RecordData): Promise<SqhRecord> {
    return this.run(ctx, model, 'create', async ({ resource, mapping }) => {
      const document = this.newDocument(mapping, data);
      await this.submitting([document], { model, operation: 'create', batch: false }, () =>
        this.client.insertDocuments(resource, [document], {
          commit: this.commit('create', model),
          ...signalOf(ctx),
        }),
      );
      return decodeDocument(mapping, document);
    });
  }

  /**
   * Read-modify-write: the patch is applied to the stored document and written
   * back with the data version that was read, so a write that lost a race fails
   * with api:DataVersionMismatch and is redone on fresh data. Concurrent updates
   * of different fields therefore all survive. The access scope is checked on
   * the stored document (by the read) and on the patched one (before the write),
   * both against the same data version; so is the `if` precondition, which a
   * redo checks again on the fresh document.
   */
  async update(
    ctx: OperationContext,
    model: Model,
    id: string,
    patch: RecordData,
    options?: UpdateOptions,
  ): Promise<SqhRecord | null> {
    return this.run(ctx, model, 'update', async ({ resource, mapping }) => {
      const documentId = documentIdFor(mapping.className, id);
      for (let attempt = 1; ; attempt++) {
        ctx.signal?.throwIfAborted();
        const found = await this.readOne(resource, mapping, documentId, ctx);
        if (found.value === undefined) return null;
        if (found.dataVersion === undefined) {
          throw new UnsupportedError(
            'TerminusDB did not report a data version, so an update cannot be guarded against lost writes.',
          );
        }
        if (options?.if && !matchesFilter(options.if, decodeDocument(mapping, found.value))) {
          throw preconditionFailedError(model.key, id);
        }
        const document = patchDocument(mapping, found.value, patch);
        const record = decodeDocument(mapping, document);
        // The scope bounds the patched record too, or a caller could move it out of what they may write.
        if (!matchesFilter(ctx.scope, record)) {
          throw updateLeavesScopeError(model.key, id);
        }
        try {
          await this.client.replaceDocuments(resource, [document], {
            commit: this.commit('update', model),
            dataVersion: found.dataVersion,
            ...signalOf(ctx),
          });
          return record;
        } catch (error) {
          const raced = error instanceof TerminusApiError && error.errorType === 'api:DataVersionMismatch';
          if (!raced || attempt >= this.options.maxUpdateAttempts) {
            throw this.translateSubmitted(error, [document], { model, operation: 'update', batch: false });
          }
          await backOff(attempt);
        }
      }
    });
  }

  async delete(ctx: OperationContext, model: Model, id: string): Promise<boolean> {
    return this.run(ctx, model, 'delete', async ({ resource, mapping }) => {
      const documentId = documentIdFor(mapping.className, id);
      const commit = this.commit('delete', model);
      if (ctx.scope) {
        // Deleting only inside the access scope needs a condition: WOQL does both in one request.
        const { value } = await this.client.woql(
          resource,
          RecordQueries.deleteById(mapping, documentId, ctx.scope),
          {
            commit,
            ...signalOf(ctx),
          },
        );
        return value.deletes > 0;
      }
      try {
        await this.client.deleteDocument(resource, documentId, { commit, ...signalOf(ctx) });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  /** One insert request, one commit: all rows are written or none. */
  async batchCreate(
    ctx: OperationContext,
    model: Model,
    rows: readonly RecordData[],
    options: BatchCreateOptions,
  ): Promise<BatchCreateResult> {
    return this.run(ctx, model, 'batchCreate', async ({ resource, mapping }) => {
      const documents = rows.map((row, index) => atRow(index, model, () => this.newDocument(mapping, row)));
      assertDistinctIds(documents, model);
      if (documents.length > 0) {
        await this.submitting(documents, { model, operation: 'batchCreate', batch: true }, () =>
          this.client.insertDocuments(resource, documents, {
            commit: this.commit('batchCreate', model),
            ...signalOf(ctx),
          }),
        );
      }
      options.onProgress?.({ written: documents.length, total: rows.length });
      return {
        count: documents.length,
        records: options.returning ? documents.map((document) => decodeDocument(mapping, document)) : [],
      };
    });
  }

  databaseFor(tenantId: string): TerminusResource {
    return this.databases.resourceFor(tenantId);
  }

  async prepareTenant(tenantId: string, model: Model): Promise<TerminusResource> {
    const { resource } = await this.ready(tenantId, model);
    return resource;
  }

  classMapping(model: Model): ClassMapping {
    return this.classes.mappingOf(model);
  }

  documentId(model: Model, id: string): string {
    return documentIdFor(this.classMapping(model).className, id);
  }

  recordId(documentId: string): string {
    return recordIdOfDocument(documentId);
  }

  decode(model: Model, document: JsonObject): SqhRecord {
    return decodeDocument(this.classMapping(model), document);
  }

  translateError(error: unknown, action: string): unknown {
    return translateError(error, { action, origin: this.client.origin });
  }

  async dropTenant(tenantId: string): Promise<void> {
    const { database } = this.databases.resourceFor(tenantId);
    this.schemas.forget(database);
    try {
      await this.databases.drop(tenantId);
    } catch (error) {
      throw this.translateError(error, `dropping the database of tenant ${tenantId}`);
    }
  }

  /** The tenant's database; classes stay lazy (pushed on first use of each model). */
  async provisionTenant(tenantId: string, options: LifecycleOptions): Promise<void> {
    options.signal?.throwIfAborted();
    const { database } = this.databases.resourceFor(tenantId);
    this.schemas.forget(database);
    try {
      await this.databases.provision(tenantId);
    } catch (error) {
      throw this.translateError(error, `provisioning the database of tenant ${tenantId}`);
    }
  }

  async tenantExists(tenantId: string, options: LifecycleOptions): Promise<boolean> {
    try {
      return await this.client.databaseExists(this.databases.resourceFor(tenantId), options.signal);
    } catch (error) {
      throw this.translateError(error, `checking the database of tenant ${tenantId}`);
    }
  }

  /** Forgets the classes pushed to the tenant's database, then deletes it. */
  deprovisionTenant(tenantId: string, options: LifecycleOptions): Promise<void> {
    options.signal?.throwIfAborted();
    return this.dropTenant(tenantId);
  }

  /** Which models have a class in the tenant's database (one schema read), and their document counts. */
  async describeTenant(
    tenantId: string,
    models: readonly Model[],
    options: LifecycleOptions,
  ): Promise<TenantStorageDescription> {
    const resource = this.databases.resourceFor(tenantId);
    const location = {
      server: this.client.origin,
      database: `${resource.organization}/${resource.database}`,
    };
    const signal = options.signal ? { signal: options.signal } : {};
    try {
      if (!(await this.client.databaseExists(resource, options.signal))) {
        return {
          provisioned: false,
          ...location,
          models: models.map((model) => ({ model: model.key, stored: false })),
        };
      }
      const { value: schema } = await this.client.getAllDocuments(resource, {
        graphType: 'schema',
        ...signal,
      });
      const classes = new Set(schema.map((document) => document['@id']));
      // One count request per stored class, sent together rather than one after another.
      const described = await Promise.all(
        models.map(async (model): Promise<ModelStorageDescription> => {
          const mapping = this.classMapping(model);
          if (!classes.has(mapping.className)) return { model: model.key, stored: false };
          const count = RecordQueries.count(mapping, undefined);
          const { value } = await this.client.woql(resource, count, signal);
          return {
            model: model.key,
            stored: true,
            rows: numberOf(value.bindings[0]?.[RESULT_COUNT]),
            rowsExact: true,
          };
        }),
      );
      return { provisioned: true, ...location, models: described };
    } catch (error) {
      throw this.translateError(error, `describing tenant ${tenantId}`);
    }
  }

  /**
   * Runs one operation once the tenant's database and classes exist. A database
   * dropped behind this process's back is created again and the operation
   * retried once (nothing was written by the failed attempt).
   */
  private async run<T>(
    ctx: OperationContext,
    model: Model,
    operation: Operation,
    work: (prepared: Prepared) => Promise<T>,
  ): Promise<T> {
    const attempt = async (tenantId: string): Promise<T> => {
      const prepared = await this.prepare(tenantId, model, operation);
      return prepared === undefined ? (ABSENT_CLASS_ANSWER[operation]?.() as T) : work(prepared);
    };
    try {
      const tenantId = requireTenant(ctx, model);
      try {
        return await attempt(tenantId);
      } catch (error) {
        if (!isMissingDatabase(error)) throw error;
        const { database } = this.databases.resourceFor(tenantId);
        this.databases.forget(database);
        this.schemas.forget(database);
        return await attempt(tenantId);
      }
    } catch (error) {
      throw translateError(error, {
        action: `${operation} on ${model.key}`,
        deleting: operation === 'delete',
        origin: this.client.origin,
      });
    }
  }

  /** Runs a write of `documents`; its failure names the field, and for a batch the row, it concerns. */
  private async submitting<T>(
    documents: readonly JsonObject[],
    write: { model: Model; operation: string; batch: boolean },
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.translateSubmitted(error, documents, write);
    }
  }

  private translateSubmitted(
    error: unknown,
    documents: readonly JsonObject[],
    write: { model: Model; operation: string; batch: boolean },
  ): unknown {
    return translateError(error, {
      action: `${write.operation} on ${write.model.key}`,
      origin: this.client.origin,
      submitted: documents,
      batch: write.batch,
    });
  }

  /**
   * The tenant database and the model's class for one operation; undefined when the operation
   * only reads (or changes existing records) and the class does not exist yet: then the model is
   * empty and nothing is written, so a reader never needs a schema write.
   */
  private async prepare(tenantId: string, model: Model, operation: Operation): Promise<Prepared | undefined> {
    if (operation === 'create' || operation === 'batchCreate') return this.ready(tenantId, model);
    const mapping = this.classMapping(model);
    const resource = await this.databases.ensure(tenantId);
    if (!(await this.schemas.canRead(resource, mapping))) return undefined;
    if (operation === 'update' || operation === 'delete') return this.ready(tenantId, model);
    return { resource, mapping };
  }

  private async ready(tenantId: string, model: Model): Promise<Prepared> {
    const mapping = this.classMapping(model);
    const resource = await this.databases.ensure(tenantId);
    await this.schemas.ensure(resource, this.classes.withLinkedClasses(mapping));
    return { resource, mapping };
  }

  /**
   * The record's document: with no access scope a plain GET by id; with one, a
   * template query when the scope fits the template language, else WOQL. Either
   * way one request, which also reports the data version it read.
   */
  private async readOne(
    resource: TerminusResource,
    mapping: ClassMapping,
    documentId: string,
    ctx: OperationContext,
  ): Promise<Versioned<JsonObject | undefined>> {
    const { scope } = ctx;
    if (!scope) {
      try {
        return await this.client.getDocument(resource, documentId, signalOf(ctx));
      } catch (error) {
        if (isNotFound(error)) return { value: undefined, dataVersion: undefined };
        throw error;
      }
    }
    const template = filterToTemplate({ kind: 'and', nodes: [idEquals(documentId), scope] }, mapping);
    if (template) {
      const found = await this.client.queryDocuments(
        resource,
        { type: mapping.className, query: template, count: 1 },
        ctx.signal,
      );
      return { value: found.value[0], dataVersion: found.dataVersion };
    }
    const found = await this.client.woql(
      resource,
      RecordQueries.readById(mapping, documentId, scope),
      signalOf(ctx),
    );
    return { value: documentOf(found.value.bindings[0]), dataVersion: found.dataVersion };
  }

  private async documents(
    resource: TerminusResource,
    mapping: ClassMapping,
    woql: JsonObject,
    ctx: OperationContext,
    orderBy: readonly OrderSpec[],
  ): Promise<SqhRecord[]> {
    const { value } = await this.client.woql(resource, woql, signalOf(ctx));
    const records = value.bindings.flatMap((binding) => {
      const document = documentOf(binding);
      return document ? [decodeDocument(mapping, document)] : [];
    });
    // The page is chosen by the server's OrderBy/Limit; WOQL does not promise that the
    // conjunction reading the documents keeps that order, so it is restored here.
    return records.sort((a, b) => compareRecords(a, b, orderBy));
  }

  private newDocument(mapping: ClassMapping, data: RecordData): JsonObject {
    const id = data[ID_FIELD];
    return encodeDocument(
      mapping,
      typeof id === 'string' ? recordIdFrom(mapping.className, id) : newRecordId(),
      data,
    );
  }

  private commit(operation: string, model: Model): CommitInfo {
    return { author: this.options.author, message: `sqh: ${operation} ${model.key}` };
  }
}

/** Encodes one batch row; a value that cannot be encoded is a ValidationError at that row. */
function atRow(index: number, model: Model, encode: () => JsonObject): JsonObject {
  try {
    return encode();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      `Batch for ${model.key} refused at row ${index}; nothing was written`,
      error.issues.map((issue) => ({ ...issue, row: index })),
      { cause: error },
    );
  }
}

/** Two rows with one id: refused before any request, naming both rows, as PostgreSQL's batch does. */
function assertDistinctIds(documents: readonly JsonObject[], model: Model): void {
  const seen = new Map<string, number>();
  documents.forEach((document, index) => {
    const id = String(document['@id']);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new ConflictError(
        `Batch for ${model.key} refused at row ${index}; nothing was written: row ${index} repeats the id of row ${first} ('${recordIdOfDocument(id).slice(0, 200)}').`,
      );
    }
    seen.set(id, index);
  });
}

type Operation = 'get' | 'list' | 'search' | 'count' | 'create' | 'update' | 'delete' | 'batchCreate';

/** What each operation answers on a model whose class is not in the tenant's schema yet. */
const ABSENT_CLASS_ANSWER: Readonly<Partial<Record<Operation, () => unknown>>> = {
  get: () => null,
  list: () => [],
  search: () => [],
  count: () => 0,
  update: () => null,
  delete: () => false,
};

function requireTenant(ctx: OperationContext, model: Model): string {
  if (ctx.tenantId === null) {
    throw new UnsupportedError(
      `${model.key}: the TerminusDB backend keeps every record in a tenant database; a tenant id is required.`,
    );
  }
  return ctx.tenantId;
}

function both(left: FilterNode | undefined, right: FilterNode | undefined): FilterNode | undefined {
  if (!left) return right;
  if (!right) return left;
  return { kind: 'and', nodes: [left, right] };
}

function idEquals(documentId: string): FilterNode {
  return { kind: 'compare', field: ID_FIELD, op: 'eq', value: documentId };
}

function signalOf(ctx: OperationContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}

/** Document and WOQL requests name a branch: a missing database is an unresolvable descriptor. */
function isMissingDatabase(error: unknown): boolean {
  return (
    error instanceof TerminusApiError &&
    (error.errorType === 'api:UnresolvableAbsoluteDescriptor' || error.errorType === 'api:UnknownDatabase')
  );
}

function isNotFound(error: unknown): boolean {
  return error instanceof TerminusApiError && error.errorType === 'api:DocumentNotFound';
}

function documentOf(binding: Readonly<Record<string, JsonValue>> | undefined): JsonObject | undefined {
  const document = binding?.[RESULT_DOCUMENT];
  return isJsonObject(document) ? document : undefined;
}

/** WOQL counts come back as a typed literal (`{"@type": "xsd:decimal", "@value": 3}`) or a number. */
function numberOf(value: JsonValue | undefined): number {
  if (typeof value === 'number') return value;
  if (isJsonObject(value)) return Number(value['@value']);
  return 0;
}

/** A short random pause before redoing an update that lost a race, so racers spread out. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** attempt, 50);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
