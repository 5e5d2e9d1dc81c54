import { CancelledError, createSqh, defineModel, type Sqh, StorageConfig } from '@sqh/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pgBackend } from '../src/index.js';
import { queryDatabase, tenantDatabaseName, testPgUrl, uniqueTenantId } from './support/test-database.js';

const Note = defineModel({
  group: 'cancel',
  name: 'CancelNote',
  storage: StorageConfig.postgresql(),
  schema: z.object({ text: z.string() }),
});
const MODEL = ['cancel', 'CancelNote'] as const;

/** Statements of the tenant database waiting for a lock: the ones a cancelled call must not leave behind. */
async function lockWaiters(database: string): Promise<number> {
  const { rows } = await queryDatabase<{ n: string }>(
    'postgres',
    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
    [database],
  );
  return Number(rows[0]?.n);
}

/** Polls until `check` holds; a bounded wait for the server to catch up, not a speed assertion. */
async function eventually(check: () => Promise<boolean>, attempts = 100): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('every call ends by its AbortSignal or its timeout (PostgreSQL)', () => {
  const tenantId = uniqueTenantId('cancel');
  const database = tenantDatabaseName(tenantId);
  let sqh: Sqh;
  let stored: { id: string };
  let locker: pg.Client;

  /** Holds an exclusive lock on the table until `release`: every statement on it waits. */
  async function lockTable(): Promise<{ release: () => Promise<void> }> {
    const url = new URL(testPgUrl());
    url.pathname = `/${database}`;
    locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE cancel_note IN ACCESS EXCLUSIVE MODE');
    return {
      release: async () => {
        await locker.query('ROLLBACK');
        await locker.end();
      },
    };
  }

  beforeAll(async () => {
    sqh = await createSqh({
      plugins: [pgBackend({ url: testPgUrl(), maxConnectionsPerDatabase: 2 })],
      models: [Note],
    });
    stored = await sqh.records.create(tenantId, ...MODEL, { text: 'kept' });
  });

  afterAll(async () => {
    await sqh.tenants.deprovision(tenantId, { confirm: tenantId });
    await sqh.close();
  });

  it('a list on a locked table ends with CANCELLED at its signal, and its statement stops waiting on the server', async () => {
    const lock = await lockTable();
    try {
      const error = await sqh.records
        .list(tenantId, ...MODEL, {}, { signal: AbortSignal.timeout(300) })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).code).toBe('CANCELLED');
      expect((error as CancelledError).reason).toBe('timeout');
      expect(await eventually(async () => (await lockWaiters(database)) === 0)).toBe(true);
    } finally {
      await lock.release();
    }
    // The connection that ran the cancelled statement serves the next call.
    expect((await sqh.records.list(tenantId, ...MODEL)).map((record) => record.id)).toStrictEqual([
      stored.id,
    ]);
  });

  it("a caller's abort is CANCELLED with reason 'aborted'; an update it stops changes nothing", async () => {
    const lock = await lockTable();
    const controller = new AbortController();
    try {
      const pending = sqh.records
        .update(tenantId, ...MODEL, stored.id, { text: 'lost' }, { signal: controller.signal })
        .catch((caught: unknown) => caught);
      await eventually(async () => (await lockWaiters(database)) > 0);
      controller.abort();
      const error = await pending;
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).reason).toBe('aborted');
      expect(await eventually(async () => (await lockWaiters(database)) === 0)).toBe(true);
    } finally {
      await lock.release();
    }
    expect(await sqh.records.get(tenantId, ...MODEL, stored.id)).toStrictEqual(stored);
  });

  it('without a signal, the timeout ends the call: per call (timeoutMs) and by the composition default', async () => {
    const short = await createSqh({
      plugins: [pgBackend({ url: testPgUrl() })],
      models: [Note],
      limits: { callTimeoutMs: 300 },
    });
    const lock = await lockTable();
    try {
      const perCall = await sqh.records
        .count(tenantId, ...MODEL, undefined, { timeoutMs: 300 })
        .catch((caught: unknown) => caught);
      expect(perCall).toBeInstanceOf(CancelledError);
      const byDefault = await short.records.count(tenantId, ...MODEL).catch((caught: unknown) => caught);
      expect(byDefault).toBeInstanceOf(CancelledError);
      expect((byDefault as CancelledError).reason).toBe('timeout');
      expect(await eventually(async () => (await lockWaiters(database)) === 0)).toBe(true);
    } finally {
      await lock.release();
      await short.close();
    }
  });

  it('a wait for a pooled connection ends by the signal too', async () => {
    const lock = await lockTable();
    let holders: Promise<unknown>[] = [];
    try {
      // Two calls take both connections of the tenant's pool and wait on the lock.
      holders = [0, 1].map(() => sqh.records.count(tenantId, ...MODEL, undefined, { timeoutMs: 20_000 }));
      await eventually(async () => (await lockWaiters(database)) === 2);
      const waiting = await sqh.records
        .get(tenantId, ...MODEL, stored.id, { timeoutMs: 300 })
        .catch((caught: unknown) => caught);
      expect(waiting).toBeInstanceOf(CancelledError);
    } finally {
      await lock.release();
    }
    // Once the lock goes, the two holders finish normally and the pool serves again.
    expect(await Promise.all(holders)).toStrictEqual([1, 1]);
    expect(await sqh.records.get(tenantId, ...MODEL, stored.id)).toStrictEqual(stored);
  });

  it('refuses a timeoutMs that is not a positive number', async () => {
    await expect(sqh.records.count(tenantId, ...MODEL, undefined, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
