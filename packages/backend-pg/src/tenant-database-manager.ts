import {
  BackendUnavailableError,
  clipInput,
  SHARED_REFERENCE_DB_NAME,
  SqhError,
  TENANT_DATABASE_PREFIX,
  tenantDatabaseName,
  ValidationError,
} from '@sqh/core/spi';
import { detachedFromCall } from './call-signal.js';
import { ConnectionBudget } from './connection-budget.js';
import { createDatabaseIfMissing } from './database-creation.js';
import { DatabasePool, type LeaseWait } from './database-pool.js';
import { assertExtensionName, installExtension } from './extensions.js';
import { LruMap } from './lru-map.js';
import { mapPgError, pgErrorCode } from './pg-error-mapping.js';
import { type Placement, TenantPlacement } from './placement.js';
import { databaseUrl, parseServerUrl, type ServerAddress } from './server-url.js';
import { quoteIdentifier } from './sql-identifier.js';
import { PooledTenantEngine, type TenantEngine } from './tenant-engine.js';

export type { Placement } from './placement.js';
export type { TenantEngine } from './tenant-engine.js';

export interface TenantDatabaseManagerOptions {
  /** Admin connection URL of the default server (database in the URL is used for CREATE DATABASE). */
  url: string;
  /** Most connections open at once across ALL engines (default 20). Keep it below the server's max_connections. */
  connectionBudget?: number;
  /** Per-engine pool max (default 5), always ≤ budget. */
  maxConnectionsPerDatabase?: number;
  /** Maps a tenant id to a server URL (default: every tenant on `url`). */
  placement?: Placement;
  /** An idle connection is closed after this long (default 10 s). */
  idleTimeoutMillis?: number;
  /** Giving up on opening one connection after this long (default 10 s). */
  connectionTimeoutMillis?: number;
  /**
   * Name of the shared reference database on the default server (default
   * `sqh_shared_reference`): lower-case letters, digits and `_`, not a tenant
   * database name. Test runs and side-by-side installations each use their own.
   */
  sharedDatabase?: string;
  /**
   * A caller waiting longer than this for a connection fails with a
   * BackendUnavailableError saying whether the connection budget was full
   * (default 30 s, below the record calls' default timeout of 60 s).
   */
  leaseTimeoutMillis?: number;
  /**
   * Most databases whose engine (pool) stays cached (default 10,000). Beyond it the
   * least recently used engine with no connection in use is forgotten and its idle
   * connections closed; an engine in use is never evicted.
   */
  maxCachedEngines?: number;
  /** Most databases (and, per database, extensions) remembered as existing (default 10,000 each), LRU. */
  maxCachedDatabases?: number;
}

/** What the connection budget has been doing: read it to tell a full budget from a slow database. */
export interface ConnectionBudgetStatus {
  /** connectionBudget. */
  readonly limit: number;
  readonly open: number;
  readonly peak: number;
  /** Slot requests waiting now because every slot is taken. */
  readonly waiting: number;
  /** Connections handed to callers so far (one per record call and database). */
  readonly leases: number;
  /** Connections opened so far (each took a slot of the budget). */
  readonly opened: number;
  /** Slot requests so far that had to queue because the budget was full. */
  readonly queuedForBudget: number;
  /** Callers that gave up after leaseTimeoutMillis; `budgetFull` of them while every slot was taken. */
  readonly leaseTimeouts: number;
  readonly leaseTimeoutsWithBudgetFull: number;
  /** Engines (one pool per database) cached now, at most maxCachedEngines unless in use. */
  readonly cachedEngines: number;
}

interface ReadyTenant {
  readonly url: string;
  readonly engine: PooledTenantEngine;
  readonly ensured: Promise<void>;
}

/** Extensions the shared reference database gets: spatial queries and fuzzy text search. */
const SHARED_EXTENSIONS = ['postgis', 'pg_trgm'] as const;

const DEFAULTS = {
  connectionBudget: 20,
  maxConnectionsPerDatabase: 5,
  idleTimeoutMillis: 10_000,
  connectionTimeoutMillis: 10_000,
  leaseTimeoutMillis: 30_000,
  maxCachedEngines: 10_000,
  maxCachedDatabases: 10_000,
} as const;

export interface SharedDatabaseStatus {
  readonly database: string;
  /** Per extension: installed (true) or not offered by the server (false). */
  readonly extensions: Record<string, boolean>;
  /** The extensions the server does not offer, e.g. ['postgis'] on a server without PostGIS. */
  readonly missing: string[];
}

/**
 * One PostgreSQL database per tenant (`sqh_tenant_{slug}`) plus the shared
 * reference database, each served by a cached engine. Every engine draws its
 * connections from one global budget: thousands of tenants share a few dozen
 * connections, idle ones are closed least recently used first, and callers wait
 * for a connection instead of failing.
 */
export class TenantDatabaseManager {
  readonly #defaultServer: ServerAddress;
  readonly #placement: TenantPlacement;
  readonly #budget: ConnectionBudget;
  readonly #maxPerDatabase: number;
  readonly #idleTimeoutMillis: number;
  readonly #connectionTimeoutMillis: number;
  readonly #leaseTimeoutMillis: number;
  /** Keyed by connection URL: one engine per database per server. LRU; one in use is never evicted. */
  readonly #engines: LruMap<string, PooledTenantEngine>;
  readonly #databases: LruMap<string, Promise<void>>;
  readonly #extensions: LruMap<string, Promise<boolean>>;
  /**
   * Tenants whose database is known to exist, with their engine: a read's hot
   * path then costs two map lookups instead of a slug, a URL and a promise.
   * As bounded as the engines; an entry is trusted only while the caches it came from still agree.
   */
  readonly #ready: LruMap<string, ReadyTenant>;
  /**
   * Engines evicted from the cache that a caller may still hold (it got one just
   * before): they keep working, and close() closes them too. Pruned once they hold nothing.
   */
  readonly #retired = new Set<PooledTenantEngine>();
  #shared: Promise<SharedDatabaseStatus> | undefined;
  readonly #sharedDatabase: string;
  #closed = false;

  constructor(options: TenantDatabaseManagerOptions) {
    this.#defaultServer = parseServerUrl(options.url, 'The PostgreSQL url');
    this.#sharedDatabase = sharedDatabaseName(options.sharedDatabase);
    this.#placement = new TenantPlacement(this.#defaultServer, options.placement);
    this.#budget = new ConnectionBudget(options.connectionBudget ?? DEFAULTS.connectionBudget);
    this.#maxPerDatabase = Math.min(
      positiveInteger(
        options.maxConnectionsPerDatabase ?? DEFAULTS.maxConnectionsPerDatabase,
        'maxConnectionsPerDatabase',
      ),
      this.#budget.limit,
    );
    this.#idleTimeoutMillis = positiveInteger(
      options.idleTimeoutMillis ?? DEFAULTS.idleTimeoutMillis,
      'idleTimeoutMillis',
    );
    this.#connectionTimeoutMillis = positiveInteger(
      options.connectionTimeoutMillis ?? DEFAULTS.connectionTimeoutMillis,
      'connectionTimeoutMillis',
    );
    this.#leaseTimeoutMillis = positiveInteger(
      options.leaseTimeoutMillis ?? DEFAULTS.leaseTimeoutMillis,
      'leaseTimeoutMillis',
    );
    const maxEngines = positiveInteger(
      options.maxCachedEngines ?? DEFAULTS.maxCachedEngines,
      'maxCachedEngines',
    );
    const maxDatabases = positiveInteger(
      options.maxCachedDatabases ?? DEFAULTS.maxCachedDatabases,
      'maxCachedDatabases',
    );
    this.#engines = new LruMap(maxEngines, {
      evictable: (engine) => !engine.inUse,
      evicted: (engine) => this.#retire(engine),
    });
    this.#ready = new LruMap(maxEngines);
    this.#databases = new LruMap(maxDatabases);
    this.#extensions = new LruMap(maxDatabases);
  }

  /** `sqh_tenant_{slug}`; throws a ValidationError for an empty or malformed tenant id. */
  databaseName(tenantId: string): string {
    return tenantDatabaseName(tenantId);
  }

  /** The tenant's engine, on the server its placement names; creates the database on first use. */
  getEngine(tenantId: string): Promise<TenantEngine> {
    return this.#tenantEngine(tenantId);
  }

  /** The shared reference database's name (`sharedDatabase`, sqh_shared_reference by default). */
  get sharedDatabaseName(): string {
    return this.#sharedDatabase;
  }

  /** The engine of the shared reference database on the default server, created (with its extensions) on first use. */
  async getSharedEngine(): Promise<TenantEngine> {
    await this.ensureSharedDatabaseExists();
    return this.#engine(this.#defaultServer, this.#sharedDatabase);
  }

  /** Idempotent; concurrent callers for one tenant share a single creation. */
  async ensureDatabaseExists(tenantId: string): Promise<void> {
    const database = this.databaseName(tenantId);
    await this.#ensureDatabase(this.#placement.serverFor(tenantId), database);
  }

  /** Where the tenant's database lives: `host:port` of its server (never credentials) and its name. */
  locate(tenantId: string): { readonly server: string; readonly database: string } {
    return { server: this.#placement.serverFor(tenantId).label, database: this.databaseName(tenantId) };
  }

  /** Whether the tenant's database exists on the server its placement names; never creates it. */
  async databaseExists(tenantId: string): Promise<boolean> {
    const database = this.databaseName(tenantId);
    const server = this.#placement.serverFor(tenantId);
    const { rows } = await this.#guard('databaseExists', database, server.label, () =>
      this.#engine(server, server.adminDatabase).query<{ present: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS present',
        [database],
      ),
    );
    return rows[0]?.present === true;
  }

  /** The tenant's engine when its database exists, else undefined; never creates it. */
  async existingEngine(tenantId: string): Promise<TenantEngine | undefined> {
    if (!(await this.databaseExists(tenantId))) return undefined;
    return this.#engine(this.#placement.serverFor(tenantId), this.databaseName(tenantId));
  }

  /**
   * Provisions a tenant: creates its database and installs `extensions` in it
   * (those the server offers). Asks the server rather than this process's cache,
   * so a database another process dropped is created again. Idempotent and
   * race-safe across processes.
   */
  async provisionDatabase(tenantId: string, extensions: readonly string[]): Promise<void> {
    for (const name of extensions) assertExtensionName(name);
    const database = this.databaseName(tenantId);
    const server = this.#placement.serverFor(tenantId);
    this.#forgetDatabase(server, database);
    const engine = await this.#tenantEngine(tenantId);
    for (const name of extensions) await this.#ensureExtension(engine, name);
  }

  /**
   * Installs an extension in the tenant's database. Idempotent and race-safe; false
   * (not an error) when the server does not offer the extension.
   */
  async ensureExtension(tenantId: string, name: string): Promise<boolean> {
    assertExtensionName(name);
    return this.#ensureExtension(await this.#tenantEngine(tenantId), name);
  }

  /**
   * Deprovisions a tenant: closes its engine, forgets what was cached about it
   * (so backends built on the engine start fresh), and drops its database on the
   * server its placement names. Idempotent; a later getEngine creates it anew.
   */
  async dropDatabase(tenantId: string): Promise<void> {
    const database = this.databaseName(tenantId);
    const server = this.#placement.serverFor(tenantId);
    const url = databaseUrl(server, database);
    const engine = this.#engines.get(url);
    this.#engines.delete(url);
    this.#forgetDatabase(server, database);
    this.#ready.delete(tenantId);
    await engine?.close();
    await this.#guard('dropDatabase', database, server.label, () =>
      this.#engine(server, server.adminDatabase).query(
        `DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`,
      ),
    );
  }

  /**
   * Drops the shared reference database this manager is configured with, for
   * tests and demos that made their own (`sharedDatabase`); never needed in production.
   */
  async dropSharedDatabase(): Promise<void> {
    const server = this.#defaultServer;
    const database = this.#sharedDatabase;
    const url = databaseUrl(server, database);
    const engine = this.#engines.get(url);
    this.#engines.delete(url);
    this.#forgetDatabase(server, database);
    this.#shared = undefined;
    await engine?.close();
    await this.#guard('dropDatabase', database, server.label, () =>
      this.#engine(server, server.adminDatabase).query(
        `DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`,
      ),
    );
  }

  /** Creates the shared reference database and tries PostGIS and pg_trgm in it; says which the server lacks. */
  ensureSharedDatabaseExists(): Promise<SharedDatabaseStatus> {
    if (!this.#shared) {
      const setup = this.#setUpShared();
      this.#shared = setup;
      setup.catch(() => {
        if (this.#shared === setup) this.#shared = undefined;
      });
    }
    return this.#shared;
  }

  /** Connections open right now (or opening, or closing) across every engine. */
  openConnections(): number {
    return this.#budget.open;
  }

  /** The most connections that were ever open at once. */
  peakConnections(): number {
    return this.#budget.peak;
  }

  /** Callers waiting for a connection because the budget is exhausted. */
  waitingForConnections(): number {
    return this.#budget.waiting;
  }

  /** Leases, waits and timeouts of the connection budget so far, and the engines cached now. */
  connectionBudgetStatus(): ConnectionBudgetStatus {
    const budget = this.#budget;
    return {
      limit: budget.limit,
      open: budget.open,
      peak: budget.peak,
      waiting: budget.waiting,
      leases: budget.leases,
      opened: budget.opened,
      queuedForBudget: budget.queuedRequests,
      leaseTimeouts: budget.leaseTimeouts.total,
      leaseTimeoutsWithBudgetFull: budget.leaseTimeouts.budgetFull,
      cachedEngines: this.#engines.size,
    };
  }

  /** Closes every connection (waiting for those in use to be released); the manager cannot be used afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    const engines = [...this.#engines.values(), ...this.#retired];
    await Promise.all(engines.map((engine) => engine.close()));
  }

  #retire(engine: PooledTenantEngine): void {
    engine.closeIdleConnections();
    for (const old of this.#retired) if (!old.inUse && old.connections === 0) this.#retired.delete(old);
    if (engine.inUse || engine.connections > 0) this.#retired.add(engine);
  }

  async #tenantEngine(tenantId: string): Promise<PooledTenantEngine> {
    const ready = this.#ready.get(tenantId);
    if (
      !this.#closed &&
      ready !== undefined &&
      this.#engines.get(ready.url) === ready.engine &&
      this.#databases.get(ready.url) === ready.ensured
    ) {
      return ready.engine;
    }
    const database = this.databaseName(tenantId);
    const server = this.#placement.serverFor(tenantId);
    const ensured = this.#ensureDatabase(server, database);
    await ensured;
    const engine = this.#engine(server, database);
    this.#ready.set(tenantId, { url: databaseUrl(server, database), engine, ensured });
    return engine;
  }

  async #setUpShared(): Promise<SharedDatabaseStatus> {
    await this.#ensureDatabase(this.#defaultServer, this.#sharedDatabase);
    const engine = this.#engine(this.#defaultServer, this.#sharedDatabase);
    const extensions: Record<string, boolean> = {};
    for (const name of SHARED_EXTENSIONS) extensions[name] = await this.#ensureExtension(engine, name);
    const missing = SHARED_EXTENSIONS.filter((name) => !extensions[name]);
    return { database: this.#sharedDatabase, extensions, missing };
  }

  /** Forgets that a database and its extensions were ensured, so the next use asks the server again. */
  #forgetDatabase(server: ServerAddress, database: string): void {
    this.#databases.delete(databaseUrl(server, database));
    for (const key of this.#extensions.keys()) {
      if (key.startsWith(`${server.label}/${database}#`)) this.#extensions.delete(key);
    }
  }

  #ensureDatabase(server: ServerAddress, database: string): Promise<void> {
    const key = databaseUrl(server, database);
    let ensured = this.#databases.get(key);
    if (!ensured) {
      ensured = detachedFromCall(() =>
        this.#guard('ensureDatabaseExists', database, server.label, () =>
          createDatabaseIfMissing(this.#engine(server, server.adminDatabase), database, server.label),
        ),
      );
      this.#databases.set(key, ensured);
      this.#forgetOnFailure(this.#databases, key, ensured);
    }
    return ensured;
  }

  #ensureExtension(engine: PooledTenantEngine, name: string): Promise<boolean> {
    const key = `${engine.server}/${engine.database}#${name}`;
    let ensured = this.#extensions.get(key);
    if (!ensured) {
      ensured = detachedFromCall(() =>
        this.#guard('ensureExtension', engine.database, engine.server, () => installExtension(engine, name)),
      );
      this.#extensions.set(key, ensured);
      this.#forgetOnFailure(this.#extensions, key, ensured);
    }
    return ensured;
  }

  #engine(server: ServerAddress, database: string): PooledTenantEngine {
    if (this.#closed) throw closedError();
    const url = databaseUrl(server, database);
    let engine = this.#engines.get(url);
    if (!engine) {
      const context = { operation: 'connect', database, server: server.label };
      const pool = new DatabasePool({
        connection: {
          connectionString: url,
          connectionTimeoutMillis: this.#connectionTimeoutMillis,
          keepAlive: true,
          application_name: 'sqh',
        },
        maxConnections: this.#maxPerDatabase,
        idleTimeoutMillis: this.#idleTimeoutMillis,
        budget: this.#budget,
        connectFailure: (error) => {
          // Dropped behind our back: the next getEngine creates it again.
          if (pgErrorCode(error) === '3D000') this.#databases.delete(url);
          return mapPgError(error, context);
        },
        closedFailure: closedError,
        leaseTimeoutMillis: this.#leaseTimeoutMillis,
        leaseTimeoutFailure: (wait) => leaseTimeoutError(wait, database, server.label, this.#maxPerDatabase),
      });
      engine = new PooledTenantEngine(database, server.label, pool);
      this.#engines.set(url, engine);
    }
    return engine;
  }

  async #guard<T>(operation: string, database: string, server: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapPgError(error, { operation, database, server });
    }
  }

  /** A failed attempt is not cached: the next caller tries again. */
  #forgetOnFailure<T>(cache: LruMap<string, Promise<T>>, key: string, promise: Promise<T>): void {
    promise.catch(() => {
      if (cache.get(key) === promise) cache.delete(key);
    });
  }
}

function closedError(): SqhError {
  return new SqhError(
    'INTERNAL',
    'This TenantDatabaseManager is closed; create a new one to reach PostgreSQL again.',
  );
}

function leaseTimeoutError(
  wait: LeaseWait,
  database: string,
  server: string,
  maxPerDatabase: number,
): BackendUnavailableError {
  const waited = `Waited ${wait.waitedMillis} ms for a connection to ${database} on ${server}`;
  if (wait.budgetFull) {
    return new BackendUnavailableError(
      `${waited}: the connection budget is the bottleneck, not the database (all ${wait.budgetLimit} connections of connectionBudget in use, ${wait.waitingForBudget} more requests waiting). Raise connectionBudget (keeping it below the server's max_connections), run fewer calls at once, or raise leaseTimeoutMillis.`,
    );
  }
  if (wait.poolFull) {
    return new BackendUnavailableError(
      `${waited}: this database already uses its ${maxPerDatabase} connections (maxConnectionsPerDatabase) for calls that have not finished. Raise maxConnectionsPerDatabase or run fewer calls on this tenant at once.`,
    );
  }
  return new BackendUnavailableError(
    `${waited}: the connection budget had room, so the server is slow to accept connections; check the server's load and max_connections.`,
  );
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ValidationError(`${name} must be a positive integer, got ${value}.`, [
      { path: [name], message: 'not a positive integer' },
    ]);
  }
  return value;
}

const SHARED_DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function sharedDatabaseName(name: string | undefined): string {
  if (name === undefined) return SHARED_REFERENCE_DB_NAME;
  if (!SHARED_DATABASE_NAME.test(name) || name.startsWith(TENANT_DATABASE_PREFIX)) {
    throw new ValidationError(
      `sharedDatabase ${JSON.stringify(clipInput(name))} is not allowed: use lower-case letters, digits and '_' ` +
        `(at most 63, not starting with a digit nor with '${TENANT_DATABASE_PREFIX}').`,
      [{ path: ['sharedDatabase'], message: 'invalid database name' }],
    );
  }
  return name;
}
