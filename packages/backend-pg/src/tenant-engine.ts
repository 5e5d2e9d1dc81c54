import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { acquireUnlessAborted, cancelRunningStatement, currentCallSignal } from './call-signal.js';
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

  async withClient<T>(run: (client: PoolClient) => Promise<T>): Promise<T> {
    const signal = currentCallSignal();
    const client = await acquireUnlessAborted(this.#pool.acquire(), signal);
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      cancelRunningStatement(client);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    let lostConnection = false;
    try {
      return await run(client);
    } catch (error) {
      lostConnection = isConnectionFailure(error);
      throw lostConnection
        ? mapPgError(error, { operation: 'query', database: this.database, server: this.server })
        : error;
    } finally {
      signal?.removeEventListener('abort', cancel);
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
