import { describe, expect, it } from 'vitest';
import { type BudgetMember, ConnectionBudget } from '../src/connection-budget.js';

/** A member that records grants and, when asked, closes one of its idle connections. */
class FakePool implements BudgetMember {
  granted = 0;
  idle: number;
  evicted = 0;

  constructor(
    private readonly budget: ConnectionBudget,
    idle = 0,
  ) {
    this.idle = idle;
  }

  slotGranted(): void {
    this.granted++;
  }

  async evictIdleConnection(): Promise<void> {
    this.idle--;
    this.evicted++;
    if (this.idle === 0) this.budget.unmarkIdle(this);
    await Promise.resolve();
    this.budget.release();
  }
}

function fill(budget: ConnectionBudget, member: BudgetMember, count: number): void {
  for (let i = 0; i < count; i++) expect(budget.request(member, budget.ticket())).toBe(true);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('ConnectionBudget', () => {
  it('grants slots at once up to its limit', () => {
    const budget = new ConnectionBudget(3);
    const pool = new FakePool(budget);

    fill(budget, pool, 3);

    expect(budget.open).toBe(3);
    expect(budget.peak).toBe(3);
  });

  it('queues a request beyond the limit instead of refusing it', () => {
    const budget = new ConnectionBudget(1);
    const pool = new FakePool(budget);
    fill(budget, pool, 1);

    const granted = budget.request(pool, budget.ticket());

    expect(granted).toBe(false);
    expect(budget.waiting).toBe(1);
    expect(budget.open).toBe(1);
  });

  it('gives a released slot to the request that has waited longest, across pools', () => {
    const budget = new ConnectionBudget(1);
    const first = new FakePool(budget);
    const second = new FakePool(budget);
    fill(budget, first, 1);
    const early = budget.ticket();
    const late = budget.ticket();
    budget.request(first, late);
    budget.request(second, early);

    budget.release();

    expect(second.granted).toBe(1);
    expect(first.granted).toBe(0);
    expect(budget.oldestWaitingTicket()).toBe(late);
  });

  it('never holds more slots than its limit while granting queued requests', () => {
    const budget = new ConnectionBudget(2);
    const pool = new FakePool(budget);
    fill(budget, pool, 2);
    for (let i = 0; i < 5; i++) budget.request(pool, budget.ticket());

    budget.release();
    budget.release();

    expect(pool.granted).toBe(2);
    expect(budget.open).toBe(2);
    expect(budget.peak).toBe(2);
    expect(budget.waiting).toBe(3);
  });

  it('closes an idle connection of the least recently used pool when a request must wait', async () => {
    const budget = new ConnectionBudget(2);
    const older = new FakePool(budget, 1);
    const newer = new FakePool(budget, 1);
    const asking = new FakePool(budget);
    fill(budget, older, 1);
    fill(budget, newer, 1);
    budget.markIdle(older);
    budget.markIdle(newer);

    budget.request(asking, budget.ticket());
    await settle();

    expect(older.evicted).toBe(1);
    expect(newer.evicted).toBe(0);
    expect(asking.granted).toBe(1);
    expect(budget.open).toBe(2);
  });

  it('treats a pool used again as the most recently used', async () => {
    const budget = new ConnectionBudget(2);
    const first = new FakePool(budget, 1);
    const second = new FakePool(budget, 1);
    fill(budget, first, 1);
    fill(budget, second, 1);
    budget.markIdle(first);
    budget.markIdle(second);
    budget.markIdle(first);

    budget.request(new FakePool(budget), budget.ticket());
    await settle();

    expect(second.evicted).toBe(1);
    expect(first.evicted).toBe(0);
  });

  it('closes one idle connection per waiting request, not more', async () => {
    const budget = new ConnectionBudget(3);
    const idlePool = new FakePool(budget, 3);
    fill(budget, idlePool, 3);
    budget.markIdle(idlePool);

    budget.request(new FakePool(budget), budget.ticket());
    await settle();

    expect(idlePool.evicted).toBe(1);
  });

  it('closes a connection that went idle while requests wait, at the end of the event-loop turn', async () => {
    const budget = new ConnectionBudget(1);
    const releasing = new FakePool(budget);
    const asking = new FakePool(budget);
    fill(budget, releasing, 1);
    budget.request(asking, budget.ticket());

    releasing.idle = 1;
    budget.markIdle(releasing);
    await settle();
    const evictedWithinTheTurn = releasing.evicted;
    await new Promise((resolve) => setImmediate(resolve));

    expect(evictedWithinTheTurn).toBe(0);
    expect(releasing.evicted).toBe(1);
    expect(asking.granted).toBe(1);
  });

  it('waits when every connection is in use', async () => {
    const budget = new ConnectionBudget(1);
    const busy = new FakePool(budget);
    const asking = new FakePool(budget);
    fill(budget, busy, 1);

    budget.request(asking, budget.ticket());
    await settle();

    expect(asking.granted).toBe(0);
    expect(budget.waiting).toBe(1);
  });

  it('withdraws the youngest queued request of a pool', () => {
    const budget = new ConnectionBudget(1);
    const pool = new FakePool(budget);
    fill(budget, pool, 1);
    const older = budget.ticket();
    budget.request(pool, older);
    budget.request(pool, budget.ticket());

    expect(budget.withdraw(pool)).toBe(true);

    expect(budget.waiting).toBe(1);
    expect(budget.oldestWaitingTicket()).toBe(older);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new ConnectionBudget(0)).toThrow(/positive integer/);
    expect(() => new ConnectionBudget(2.5)).toThrow(/positive integer/);
  });
});
