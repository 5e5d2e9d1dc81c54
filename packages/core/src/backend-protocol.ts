import type { AccessContext } from './access-policy.js';
import type { FilterNode, OrderSpec } from './filter/filter-types.js';
import type { Model } from './model.js';
import type { StorageBackendKey } from './storage-config.js';

/** A record as every backend returns it: plain data with a string `id`. */
export interface SqhRecord {
  readonly id: string;
  readonly [field: string]: unknown;
}

/** Validated data handed to a backend write (no `id` unless the caller chose one). */
export type RecordData = Readonly<Record<string, unknown>>;

/** First argument of every SPI method. */
export interface OperationContext {
  /** Null only for models stored in the shared reference database. */
  readonly tenantId: string | null;
  readonly access?: AccessContext;
  readonly signal?: AbortSignal;
  /**
   * Access scope: the operation only sees records matching this filter. Records
   * outside it behave exactly as missing ones (get → null, update → null,
   * delete → false). Backends must apply it in the same round trip as the
   * operation, not as a separate read. For list, search and count the record
   * service has already folded it into the query's filter. For update it also
   * bounds the result: see `update`.
   */
  readonly scope?: FilterNode;
}

export interface ListQuery {
  readonly filter?: FilterNode;
  /** Ordering keys; the backend always adds `id` ascending as the final tie-breaker. */
  readonly orderBy: readonly OrderSpec[];
  readonly limit: number;
  readonly skip: number;
}

export interface SearchQuery {
  /** Case-insensitive text; a record matches when any of `fields` contains it. */
  readonly text: string;
  readonly fields: readonly string[];
  readonly filter?: FilterNode;
  readonly limit: number;
}

export interface BatchProgress {
  readonly written: number;
  readonly total: number;
}

export interface BatchCreateOptions {
  /** Called as rows are written (at least once at the end). */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** False for very large imports: the result then has `count` and no records. */
  readonly returning: boolean;
}

export interface ImportRowsOptions {
  /** True: one transaction for everything. False: a commit at least every `commitEvery` rows. */
  readonly atomic: boolean;
  readonly commitEvery: number;
  /** Collect the created records (batchCreate); false keeps memory constant (import). */
  readonly returning: boolean;
  /** Rows handed to the store so far (not yet committed). */
  readonly onWritten?: (rows: number) => void;
  /** Rows committed so far, after each commit. */
  readonly onCommitted?: (rows: number) => void;
}

export interface BatchCreateResult {
  readonly count: number;
  /** The created records in input order; empty when `returning` was false. */
  readonly records: readonly SqhRecord[];
}

/**
 * What a backend can do. Callers test a flag, never a backend name; a model
 * that needs a missing capability is refused when it is registered.
 */
export interface BackendCapabilities {
  /** Writes are atomic: a failed batchCreate or update leaves nothing behind. */
  readonly transactions: boolean;
  /** Honours `partitionBy` (range partitions on a date field). */
  readonly partitioning: boolean;
  /** Serves `shared: true` models from the shared reference database. */
  readonly sharedReference: boolean;
  /** Uses an index for text search (trigram, full-text) rather than a scan. */
  readonly indexedTextSearch: boolean;
  /** Supports relation traversal (graph paths) through its query service. */
  readonly graphPaths: boolean;
  /** Records survive closing the backend and opening it again (a server or file store, not process memory). */
  readonly persistent: boolean;
  /** Largest batchCreate it accepts in one call. */
  readonly maxBatchSize: number;
  /** Honours `UpdateOptions.if`: the precondition is checked atomically with the write. */
  readonly conditionalUpdates: boolean;
  /**
   * Implements the tenant lifecycle methods (provisionTenant, tenantExists,
   * deprovisionTenant, describeTenant) behind `sqh.tenants`.
   */
  readonly tenantLifecycle: boolean;
}

export interface UpdateOptions {
  /**
   * Precondition on the stored record (before the patch). When the record
   * exists (inside the scope) but does not match, throw the ConflictError of
   * `preconditionFailedError` and change nothing. The check and the write are
   * atomic: no other write can come between them.
   */
  readonly if?: FilterNode;
}

export interface LifecycleOptions {
  readonly signal?: AbortSignal;
}

/** What one backend holds for a tenant, as `sqh.tenants.describe` reports it. */
export interface TenantStorageDescription {
  /** The tenant's database exists. */
  readonly provisioned: boolean;
  /** Where it lives, e.g. `db1.internal:5432`; never credentials. */
  readonly server: string;
  readonly database: string;
  /** Every per-tenant model this backend stores, in registration order. */
  readonly models: readonly ModelStorageDescription[];
}

export interface ModelStorageDescription {
  /** `group/Name`. */
  readonly model: string;
  /** Its table (or class) exists in the tenant's database; tables are created lazily. */
  readonly stored: boolean;
  /** Rows, when the backend can tell cheaply. */
  readonly rows?: number;
  /** False when `rows` is the planner's estimate rather than a count. */
  readonly rowsExact?: boolean;
}

/** What `sqh.initialize()` set up in one backend: the shared reference database and its extensions. */
export interface BackendInitialization {
  readonly database: string;
  /** Per extension: installed (true) or not offered by the server (false). */
  readonly extensions: Readonly<Record<string, boolean>>;
  /** What the server lacks, e.g. ['postgis']; features that need it stay unavailable. */
  readonly missing: readonly string[];
}

/**
 * The storage SPI third parties implement. Core validates every input against
 * the model before calling it: filters arrive as normalised FilterNodes, data as
 * schema-checked objects, so a backend only translates and stores.
 *
 * Contract (checked by @sqh/conformance): records returned carry a string `id`
 * and every stored field; dates as Date objects; missing optional values may be
 * null or absent (core normalises). Records are fresh objects the caller may keep
 * and change (core hands one already in normalised shape on as is). `update` merges a partial patch. `delete`
 * of a missing id returns false. `batchCreate` is all-or-nothing. Failures are
 * SqhErrors (ConflictError for a duplicate id, BackendUnavailableError when the
 * store cannot be reached) and never carry query text or credentials.
 */
export interface StorageBackendProtocol {
  readonly key: StorageBackendKey;
  readonly capabilities: BackendCapabilities;
  /** Called once per model at composition time: refuse models it cannot store. */
  prepareModel?(model: Model): void | Promise<void>;
  get(ctx: OperationContext, model: Model, id: string): Promise<SqhRecord | null>;
  list(ctx: OperationContext, model: Model, query: ListQuery): Promise<SqhRecord[]>;
  search(ctx: OperationContext, model: Model, query: SearchQuery): Promise<SqhRecord[]>;
  count(ctx: OperationContext, model: Model, filter: FilterNode | undefined): Promise<number>;
  create(ctx: OperationContext, model: Model, data: RecordData): Promise<SqhRecord>;
  /**
   * Returns null when no record (inside the scope) has this id. With a scope,
   * the patched record must match it too: otherwise throw AccessDeniedError
   * and change nothing, so a caller cannot move a record out of what they may
   * write. Both checks, the precondition of `options.if` and the write are
   * atomic (no other write in between). Only called with `options.if` when
   * `capabilities.conditionalUpdates` is true.
   */
  update(
    ctx: OperationContext,
    model: Model,
    id: string,
    patch: RecordData,
    options?: UpdateOptions,
  ): Promise<SqhRecord | null>;
  delete(ctx: OperationContext, model: Model, id: string): Promise<boolean>;
  batchCreate(
    ctx: OperationContext,
    model: Model,
    rows: readonly RecordData[],
    options: BatchCreateOptions,
  ): Promise<BatchCreateResult>;
  /**
   * Streaming bulk write: validated rows arrive in batches, pulled as the store
   * takes them, so core validates the next batch while the store ingests this
   * one and memory stays constant. A failure of `batches` (an invalid row) must
   * abort the write and reach the caller unchanged; with `atomic`, nothing is
   * written then. Core falls back to batchCreate for backends without it.
   */
  importRows?(
    ctx: OperationContext,
    model: Model,
    batches: AsyncIterable<readonly RecordData[]>,
    options: ImportRowsOptions,
  ): Promise<BatchCreateResult>;
  /** Releases connections; called by `sqh.close()`. */
  close?(): Promise<void>;

  // Tenant lifecycle: present exactly when `capabilities.tenantLifecycle` is true.

  /**
   * Creates what the tenant needs in this backend (its database, with the
   * extensions it uses); tables stay lazy. Idempotent, and safe when several
   * processes provision the same tenant at once.
   */
  provisionTenant?(tenantId: string, options: LifecycleOptions): Promise<void>;
  /** Whether the tenant's database exists, in one cheap round trip; never creates it. */
  tenantExists?(tenantId: string, options: LifecycleOptions): Promise<boolean>;
  /**
   * Drops the tenant's database and everything in it, after closing its
   * connections and forgetting what was cached about it (so a later call starts
   * fresh). Idempotent: a tenant without a database is not an error.
   */
  deprovisionTenant?(tenantId: string, options: LifecycleOptions): Promise<void>;
  /** Where the tenant lives and which of `models` have tables; never creates anything. */
  describeTenant?(
    tenantId: string,
    models: readonly Model[],
    options: LifecycleOptions,
  ): Promise<TenantStorageDescription>;
  /**
   * Platform initialization (`sqh.initialize()`): creates what every tenant
   * shares, such as the shared reference database. Idempotent.
   */
  initialize?(options: LifecycleOptions): Promise<BackendInitialization>;
}
