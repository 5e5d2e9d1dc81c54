import type { ClientConfig, PoolClient } from 'pg';
import type { BudgetMember, ConnectionBudget } from './connection-budget.js';
import { type ConnectionOwner, PooledConnection } from './pooled-connection.js';

export interface DatabasePoolOptions {
  /** node-postgres settings of every connection (URL, timeouts). */
  readonly connection: ClientConfig;
  /** Most connections this pool holds at once. */
  readonly maxConnections: number;
  /** An idle connection is closed after this long. */
  readonly idleTimeoutMillis: number;
  /** The slots every pool shares. */
  readonly budget: ConnectionBudget;
  /** Turns a failure to connect into the error the waiting caller receives. */
  readonly connectFailure: (error: unknown) => unknown;
  /** Turns "the pool is closed" into the error a caller receives. */
  readonly closedFailure: () => unknown;
  /** A caller waiting longer than this for a connection gives up (see leaseTimeoutFailure). */
  readonly leaseTimeoutMillis: number;
  /** The error of a caller that waited `leaseTimeoutMillis`, saying what held it up. */
  readonly leaseTimeoutFailure: (wait: LeaseWait) => unknown;
}

/** Why a caller waited for a connection until it gave up. */
export interface LeaseWait {
  readonly waitedMillis: number;
  /** Every slot of the shared budget was taken: the budget, not the database, held it up. */
  readonly budgetFull: boolean;
  /** This database already had its most connections (maxConnectionsPerDatabase). */
  readonly poolFull: boolean;
  readonly budgetLimit: number;
  readonly waitingForBudget: number;
}

/** Calls a connection may still serve for its database while a caller of another database waits. */
const MAX_DEFERRALS = 4;

interface Waiter {
  readonly ticket: number;
  readonly resolve: (client: PoolClient) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The connections of one database. Every new connection needs a slot from the
 * shared ConnectionBudget; callers beyond what the pool and the budget allow wait
 * in line (first come, first served across all pools) instead of failing.
 *
 * node-postgres' Pool cannot do this: it cannot wait for a slot owned by another
 * pool, nor close one of its idle connections when another pool needs the slot.
 */
export class DatabasePool implements BudgetMember, ConnectionOwner {
  readonly #options: DatabasePoolOptions;
  readonly #budget: ConnectionBudget;
  /** Idle connections, longest idle first. */
  readonly #idle: PooledConnection[] = [];
  readonly #waiters: Waiter[] = [];
  #active = 0;
  #opening = 0;
  #closing = 0;
  /** Slot requests queued in the budget on behalf of waiters. */
  #requested = 0;
  #closed: Promise<void> | undefined;
  #drained: (() => void) | undefined;

  constructor(options: DatabasePoolOptions) {
    this.#options = options;
    this.#budget = options.budget;
  }

  /** Connections of this pool that hold a budget slot (idle, in use, opening or closing). */
  get size(): number {
    return this.#idle.length + this.#active + this.#opening + this.#closing;
  }

  /** Callers holding or waiting for a connection of this pool, or connections opening for them. */
  get inUse(): boolean {
    return this.#active + this.#opening + this.#waiters.length + this.#requested > 0;
  }

  /**
   * A connection for the caller's exclusive use until it calls `release()`; one
   * waiting longer than leaseTimeoutMillis fails with leaseTimeoutFailure.
   */
  acquire(): Promise<PoolClient> {
    if (this.#closed) return Promise.reject(this.#options.closedFailure());
    this.#budget.leased();
    if (this.#waiters.length === 0) {
      const idle = this.#takeIdle();
      if (idle) return Promise.resolve(idle);
    }
    return new Promise((resolve, reject) => {
      const since = performance.now();
      const timer = setTimeout(() => this.#giveUp(waiter, since), this.#options.leaseTimeoutMillis);
      const waiter: Waiter = {
        ticket: this.#budget.ticket(),
        resolve: (client) => {
          clearTimeout(timer);
          resolve(client);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.push(waiter);
      this.#serveWaiters();
    });
  }

  /** Closes the idle connections (an engine forgotten by the manager's cache); in-use ones stay. */
  closeIdleConnections(): void {
    this.#budget.unmarkIdle(this);
    for (const connection of this.#idle.splice(0)) void this.#destroy(connection);
  }

  /** Closes every connection once it is released; later acquires fail. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#drained = resolve;
      for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#options.closedFailure());
      while (this.#requested > 0 && this.#budget.withdraw(this)) this.#requested--;
      this.#budget.unmarkIdle(this);
      for (const connection of this.#idle.splice(0)) void this.#destroy(connection);
      this.#resolveIfDrained();
    });
    return this.#closed;
  }

  slotGranted(): void {
    this.#requested--;
    this.#openConnection();
  }

  evictIdleConnection(): Promise<void> {
    const connection = this.#idle.shift();
    if (this.#idle.length === 0) this.#budget.unmarkIdle(this);
    return connection ? this.#destroy(connection) : Promise.resolve();
  }

  release(connection: PooledConnection, discard: boolean): void {
    this.#active--;
    if (discard || !connection.reusable || this.#closed) {
      void this.#destroy(connection);
      return;
    }
    // First come, first served across pools: when a caller of another pool has waited
    // longer than ours, this connection's slot is worth more to it than to us...
    const own = this.#waiters[0];
    const other = this.#budget.oldestWaitingTicket();
    if (own && (other === undefined || own.ticket <= other)) this.#handOver(connection);
    else if (other === undefined) this.#makeIdle(connection);
    else if (own || (connection.deferredFor === other && connection.deferrals >= MAX_DEFERRALS)) {
      void this.#destroy(connection);
    } else {
      // ...but the caller that just released it usually makes its next call right away
      // (a request's get, list, update). Parked idle, the connection serves that call if
      // it comes in this event-loop turn; otherwise the budget closes it for the waiter.
      // Each waiter lets a connection serve at most MAX_DEFERRALS more calls, so nobody starves.
      if (connection.deferredFor !== other) {
        connection.deferredFor = other;
        connection.deferrals = 0;
      }
      connection.deferrals++;
      this.#makeIdle(connection);
    }
  }

  #giveUp(waiter: Waiter, since: number): void {
    const at = this.#waiters.indexOf(waiter);
    if (at === -1) return;
    this.#waiters.splice(at, 1);
    this.#withdrawUnneededRequest();
    const wait: LeaseWait = {
      waitedMillis: Math.round(performance.now() - since),
      budgetFull: this.#budget.open >= this.#budget.limit,
      poolFull: this.size >= this.#options.maxConnections,
      budgetLimit: this.#budget.limit,
      waitingForBudget: this.#budget.waiting,
    };
    this.#budget.leaseTimedOut(wait.budgetFull);
    waiter.reject(this.#options.leaseTimeoutFailure(wait));
  }

  /** A waiter left (served or gone): the budget slot requested for it is no longer needed. */
  #withdrawUnneededRequest(): void {
    if (
      this.#waiters.length < this.#opening + this.#requested &&
      this.#requested > 0 &&
      this.#budget.withdraw(this)
    ) {
      this.#requested--;
    }
  }

  lost(connection: PooledConnection): void {
    this.#retireIdle(connection);
  }

  #retireIdle(connection: PooledConnection): void {
    const at = this.#idle.indexOf(connection);
    if (at === -1) return;
    this.#idle.splice(at, 1);
    if (this.#idle.length === 0) this.#budget.unmarkIdle(this);
    void this.#destroy(connection);
  }

  /**
   * Asks the budget for a slot for every waiter not yet covered by a connection
   * being opened or a queued request. (Waiters never coexist with idle connections:
   * a connection only goes idle when nobody waits.)
   */
  #serveWaiters(): void {
    while (
      this.#waiters.length > this.#opening + this.#requested &&
      this.size + this.#requested < this.#options.maxConnections
    ) {
      const waiter = this.#waiters[this.#opening + this.#requested]!;
      if (this.#budget.request(this, waiter.ticket)) this.#openConnection();
      else this.#requested++;
    }
  }

  #openConnection(): void {
    if (this.#closed) {
      this.#budget.release();
      return;
    }
    this.#opening++;
    const connection = new PooledConnection(this.#options.connection, this);
    connection.open().then(
      () => {
        this.#opening--;
        if (this.#closed) void this.#destroy(connection);
        // A new connection goes to the waiter it was opened for, even if another pool waits longer.
        else if (this.#waiters.length > 0) this.#handOver(connection);
        else if (this.#budget.oldestWaitingTicket() !== undefined) void this.#destroy(connection);
        else this.#makeIdle(connection);
      },
      (error: unknown) => {
        this.#opening--;
        this.#budget.release();
        // The server refused or is gone: tell a waiter now rather than retrying forever.
        this.#waiters.shift()?.reject(this.#options.connectFailure(error));
        this.#serveWaiters();
        this.#resolveIfDrained();
      },
    );
  }

  #handOver(connection: PooledConnection): void {
    const waiter = this.#waiters.shift()!;
    this.#withdrawUnneededRequest();
    this.#active++;
    waiter.resolve(connection.checkOut());
  }

  #takeIdle(): PoolClient | undefined {
    // Most recently used first: it is the least likely to have been dropped by the server.
    const connection = this.#idle.pop();
    if (!connection) return undefined;
    if (this.#idle.length === 0) this.#budget.unmarkIdle(this);
    this.#active++;
    return connection.checkOut();
  }

  #makeIdle(connection: PooledConnection): void {
    this.#idle.push(connection);
    connection.startIdleTimer(this.#options.idleTimeoutMillis, () => this.#retireIdle(connection));
    this.#budget.markIdle(this);
  }

  async #destroy(connection: PooledConnection): Promise<void> {
    this.#closing++;
    try {
      await connection.close();
    } finally {
      this.#closing--;
      this.#budget.release();
      if (!this.#closed) this.#serveWaiters();
      this.#resolveIfDrained();
    }
  }

  #resolveIfDrained(): void {
    if (this.#drained && this.size === 0) this.#drained();
  }
}
