import { ValidationError } from '@sqh/core/spi';

/** A per-database pool as the budget sees it. */
export interface BudgetMember {
  /** A slot this member asked for (and was told to wait for) is now reserved for it: open a connection. */
  slotGranted(): void;
  /**
   * Closes this member's longest-idle connection. Must remove it from the member's
   * idle set synchronously; resolves once it is closed and its slot released.
   */
  evictIdleConnection(): Promise<void>;
}

interface QueuedRequest {
  readonly member: BudgetMember;
  readonly ticket: number;
}

/**
 * The most connections every pool together may hold open. A slot is held from the
 * moment a connection starts opening until it has finished closing, so the server
 * never sees more than `limit` connections from this process.
 *
 * When no slot is free, a request waits in one queue ordered by ticket (the time
 * its caller arrived, across all pools), and the least recently used pool that has
 * an idle connection is asked to close one. Nobody is refused: callers wait.
 */
export class ConnectionBudget {
  readonly limit: number;
  #open = 0;
  #peak = 0;
  #evicting = 0;
  #evictionScheduled = false;
  #nextTicket = 0;
  #leases = 0;
  #opened = 0;
  #queued = 0;
  #timeouts = 0;
  #budgetTimeouts = 0;
  readonly #queue: QueuedRequest[] = [];
  /** Members with at least one idle connection, least recently used first. */
  readonly #idleMembers = new Set<BudgetMember>();

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ValidationError(`The connection budget must be a positive integer, got ${limit}.`, [
        { path: ['connectionBudget'], message: 'not a positive integer' },
      ]);
    }
    this.limit = limit;
  }

  /** Slots held now: connections open, opening or closing. */
  get open(): number {
    return this.#open;
  }

  /** The highest `open` ever reached. */
  get peak(): number {
    return this.#peak;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Connections handed out to callers (leases), counted at each acquire. */
  get leases(): number {
    return this.#leases;
  }

  /** Slots ever taken: connections opened (or attempted). */
  get opened(): number {
    return this.#opened;
  }

  /** Slot requests that had to queue because every slot was taken. */
  get queuedRequests(): number {
    return this.#queued;
  }

  /** Callers that gave up waiting for a connection (lease timeout), and of those, how many found the budget full. */
  get leaseTimeouts(): { readonly total: number; readonly budgetFull: number } {
    return { total: this.#timeouts, budgetFull: this.#budgetTimeouts };
  }

  leased(): void {
    this.#leases++;
  }

  leaseTimedOut(budgetFull: boolean): void {
    this.#timeouts++;
    if (budgetFull) this.#budgetTimeouts++;
  }

  /** A number that orders callers by arrival, across every member. */
  ticket(): number {
    return this.#nextTicket++;
  }

  /** Ticket of the longest-waiting request, if any. */
  oldestWaitingTicket(): number | undefined {
    return this.#queue[0]?.ticket;
  }

  /**
   * Takes a slot for `member` now (true), or queues the request (false), in which
   * case `member.slotGranted()` is called once a slot is free.
   */
  request(member: BudgetMember, ticket: number): boolean {
    if (this.#open < this.limit && this.#queue.length === 0) {
      this.#take();
      return true;
    }
    this.#queued++;
    let at = this.#queue.length;
    while (at > 0 && this.#queue[at - 1]!.ticket > ticket) at--;
    this.#queue.splice(at, 0, { member, ticket });
    this.#evictForWaiters();
    return false;
  }

  /** Withdraws the youngest queued request of `member`; false when it has none queued. */
  withdraw(member: BudgetMember): boolean {
    for (let at = this.#queue.length - 1; at >= 0; at--) {
      if (this.#queue[at]!.member === member) {
        this.#queue.splice(at, 1);
        return true;
      }
    }
    return false;
  }

  /** A connection finished closing, or failed to open: its slot goes to the longest-waiting request. */
  release(): void {
    this.#open--;
    while (this.#open < this.limit && this.#queue.length > 0) {
      const next = this.#queue.shift()!;
      this.#take();
      next.member.slotGranted();
    }
  }

  /**
   * `member` has an idle connection and was just used: it becomes the most recently
   * used. When requests wait, idle connections are closed for them at the end of
   * this event-loop turn: until then the caller that just released the connection
   * can run its next statement on it.
   */
  markIdle(member: BudgetMember): void {
    this.#idleMembers.delete(member);
    this.#idleMembers.add(member);
    if (this.#queue.length > this.#evicting && !this.#evictionScheduled) {
      this.#evictionScheduled = true;
      setImmediate(() => {
        this.#evictionScheduled = false;
        this.#evictForWaiters();
      });
    }
  }

  /** `member` has no idle connection left. */
  unmarkIdle(member: BudgetMember): void {
    this.#idleMembers.delete(member);
  }

  #take(): void {
    this.#opened++;
    this.#open++;
    if (this.#open > this.#peak) this.#peak = this.#open;
  }

  /** Frees one slot per waiting request (beyond those already being freed) by closing idle connections. */
  #evictForWaiters(): void {
    while (this.#queue.length > this.#evicting && this.#open >= this.limit) {
      const victim = this.#idleMembers.values().next().value;
      if (victim === undefined) return;
      this.#evicting++;
      void victim.evictIdleConnection().finally(() => {
        this.#evicting--;
        this.#evictForWaiters();
      });
    }
  }
}
