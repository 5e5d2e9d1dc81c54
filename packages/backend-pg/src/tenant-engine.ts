import { watchAbort } from '@sqh/core/spi';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import {
  acquireUnlessAborted,
  type Call,
  type CallLease,
  cancelRunningStatement,
  currentCall,
} from './call-signal.js';
import type { DatabasePool } from './database-pool.js';
import { isConnectionFailure, mapPgError } from './pg-error-mapping.js';

/**
 * Statements against one database, on connections taken from the global budget.
 *
 * Errors: losing or failing to get a connection is a BackendUnavailableError
 * (a NotFoundError when the database does not exist). A statement's own failure,
 * and anything `run` throws, reaches the caller unchanged, so it can branch on
 * the SQLSTATE or the COPY position before mapping it with mapPgError.
 */
export interface TenantEngine {
  /** Database this engine serves, e.g. sqh_tenant_acme or sqh_shared_reference. */
  readonly database: string;
  /** One statement on a pooled connection (acquired under the global budget). */
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<QueryResult<R>>;
  /** A connection held for several statements (COPY, DDL sequences). */
  withClient<T>(run: (client: PoolClient) => Promise<T>): Promise<T>;
  /** BEGIN … COMMIT on one connection; ROLLBACK when run throws. */
  transaction<T>(run: (client: PoolClient) => Promise<T>): Promise<T>;
}

/** A TenantEngine over one DatabasePool. */
export class PooledTenantEngine implements TenantEngine {
  readonly database: string;
  /** `host:port` of the server, for messages (never the URL: it can carry a password). */
  readonly server: string;
  readonly #pool: DatabasePool;

  constructor(database: string, server: string, pool: DatabasePool) {
    this.database = database;
    this.server = server;
    this.#pool = pool;
  }

  /** A caller holds or waits for one of this engine's connections. */
  get inUse(): boolean {
    return this.#pool.inUse;
  }

  /** Closes the idle connections; connections in use are untouched. */
  closeIdleConnections(): void {
    this.#pool.closeIdleConnections();
  }

  /** Connections of this engine holding a budget slot. */
  get connections(): number {
    return this.#pool.size;
  }

  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<QueryResult<R>> {
    // node-postgres never mutates the values array; its type just is not readonly.
    return this.withClient((client) => client.query<R>(text, values as unknown[] | undefined));
  }

  /**
   * Inside a record call, every statement of the call on this engine runs on one
   * connection, leased at the first and given back when the call ends (so a call
   * pays for at most one connection, not one per statement). Outside a call, or
   * while the call's connection is busy with a concurrent statement, a
   * connection is leased for `run` alone.
   */
  async withClient<T>(run: (client: PoolClient) => Promise<T>): Promise<T> {
    const call = currentCall();
    if (!call) return this.#leasedFor(undefined, run);
    const held = call.leases.get(this);
    if (held?.busy) return this.#leasedFor(call.signal, run);
    return this.#runOn(held ?? (await this.#leaseForCall(call)), run);
  }

  async #leaseForCall(call: Call): Promise<CallLease> {
    const { signal } = call;
    const client = await acquireUnlessAborted(this.#pool.acquire(), signal);
    const lease: CallLease = { client, busy: false, discard: false };
    const cancel = () => {
      lease.discard = true;
      cancelRunningStatement(client);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    call.leases.set(this, lease);
    call.endings.push(() => {
      signal?.removeEventListener('abort', cancel);
      // A cancel request may still be on its way: the connection must not serve another call.
      client.release(lease.discard);
    });
    return lease;
  }

  async #runOn<T>(lease: CallLease, run: (client: PoolClient) => Promise<T>): Promise<T> {
    lease.busy = true;
    try {
      return await run(lease.client);
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      lease.discard = true;
      throw mapPgError(error, { operation: 'query', database: this.database, server: this.server });
    } finally {
      lease.busy = false;
    }
  }

  async #leasedFor<T>(signal: AbortSignal | undefined, run: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await acquireUnlessAborted(this.#pool.acquire(), signal);
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      cancelRunningStatement(client);
    };
    const unwatch = watchAbort(signal, cancel);
    let lostConnection = false;
    try {
      return await run(client);
    } catch (error) {
      lostConnection = isConnectionFailure(error);
      throw lostConnection
        ? mapPgError(error, { operation: 'query', database: this.database, server: this.server })
        : error;
    } finally {
      unwatch();
      // A cancel request may still be on its way: the connection must not serve another call.
      client.release(lostConnection || cancelled);
    }
  }

  transaction<T>(run: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await run(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A failed ROLLBACK leaves the connection inside a transaction; the pool then closes it.
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
