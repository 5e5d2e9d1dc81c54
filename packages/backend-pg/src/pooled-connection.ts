import pg, { type ClientConfig, type PoolClient } from 'pg';

/** What a connection reports back to the pool that owns it. */
export interface ConnectionOwner {
  /** The caller is done with the connection; `discard` asks for it to be closed rather than reused. */
  release(connection: PooledConnection, discard: boolean): void;
  /** The connection died (server restart, network failure) while nobody was using it. */
  lost(connection: PooledConnection): void;
}

/**
 * One physical connection of a pool. The client handed to callers is a pg
 * `PoolClient`: its `release()` returns it to the owning pool (at most once per
 * checkout). A connection that saw a socket error or an unexpected end is marked
 * broken and is never handed out again.
 */
export class PooledConnection {
  readonly client: PoolClient;
  /** Ticket of the waiter of another pool this connection was last kept from (see DatabasePool.release). */
  deferredFor: number | undefined;
  /** Calls served since that waiter was first kept waiting. */
  deferrals = 0;
  #broken = false;
  #checkedOut = false;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(config: ClientConfig, owner: ConnectionOwner) {
    const release = (error?: Error | boolean): void => {
      if (!this.#checkedOut) return;
      this.#checkedOut = false;
      owner.release(this, error !== undefined && error !== false);
    };
    this.client = Object.assign(new pg.Client(config), { release });
    // Without an 'error' listener a dropped idle connection would crash the process.
    const onFailure = (): void => {
      if (this.#broken) return;
      this.#broken = true;
      if (!this.#checkedOut) owner.lost(this);
    };
    this.client.on('error', onFailure);
    this.client.on('end', onFailure);
  }

  /** True once the connection failed; it must be closed, not reused. */
  get broken(): boolean {
    return this.#broken;
  }

  /**
   * True when the connection can go back to the pool: not broken and not left
   * inside a transaction (which the next caller would silently inherit).
   */
  get reusable(): boolean {
    return !this.#broken && this.client.getTransactionStatus() === 'I';
  }

  async open(): Promise<void> {
    await this.client.connect();
  }

  /** Hands the connection to a caller. */
  checkOut(): PoolClient {
    this.stopIdleTimer();
    this.#checkedOut = true;
    return this.client;
  }

  startIdleTimer(timeoutMillis: number, onTimeout: () => void): void {
    this.stopIdleTimer();
    this.#idleTimer = setTimeout(onTimeout, timeoutMillis);
    // An idle connection must not keep the process alive.
    this.#idleTimer.unref();
  }

  stopIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  /** Closes the socket; never throws (a broken connection may fail to say goodbye). */
  async close(): Promise<void> {
    this.stopIdleTimer();
    this.#broken = true;
    await this.client.end().catch(() => undefined);
  }
}
