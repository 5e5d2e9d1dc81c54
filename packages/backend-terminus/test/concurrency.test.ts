import { ConflictError, createSqh, defineModel } from '@sqh/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TerminusBackendOptions, terminusBackend } from '../src/index.js';
import { account, crmModels } from './support/crm-models.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);

const counters = defineModel({
  group: 'ops',
  name: 'Counters',
  schema: z.object({
    a: z.number().int(),
    b: z.number().int(),
    c: z.number().int(),
    d: z.number().int(),
    e: z.number().int(),
    f: z.number().int(),
  }),
});
const FIELDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

/**
 * A fetch that holds back the first `count` document reads until all of them
 * have been sent, so that concurrent updates are guaranteed to read the same
 * data version and race on the write.
 */
function racingReads(count: number): { fetch: typeof globalThis.fetch; writes: () => number } {
  let waiting: (() => void)[] = [];
  let held = 0;
  let writes = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const method = init?.method ?? 'GET';
    if (method === 'PUT') writes += 1;
    if (method === 'GET' && new URL(String(input)).searchParams.has('id') && held < count) {
      held += 1;
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === count) {
          for (const release of waiting) release();
          waiting = [];
        }
      });
    }
    return globalThis.fetch(input, init);
  };
  return { fetch, writes: () => writes };
}

async function composeWith(options: Partial<TerminusBackendOptions>) {
  return createSqh({
    plugins: [terminusBackend({ ...server().options, ...options })],
    models: [counters, ...crmModels],
  });
}

describe('concurrency', () => {
  it('two tenants hammered in parallel each see exactly their own records', async () => {
    const sqh = await composeWith({});
    const tenants = [`conc-${run}-x`, `conc-${run}-y`];
    const perTenant = 25;
    await Promise.all(
      tenants.flatMap((tenant) =>
        Array.from({ length: perTenant }, (_, index) =>
          sqh.records.create(tenant, 'crm', 'AppCRMAccount', {
            id: `acct-${index}`,
            name: `${tenant} #${index}`,
            revenue: index,
            tags: [tenant],
            active: index % 2 === 0,
          }),
        ),
      ),
    );
    const results = await Promise.all(
      tenants.map(async (tenant) => ({
        tenant,
        listed: await sqh.records.list(tenant, 'crm', 'AppCRMAccount', { orderBy: ['revenue'], limit: 1000 }),
        counted: await sqh.records.count(tenant, 'crm', 'AppCRMAccount', { active: true }),
        fetched: await sqh.records.get(tenant, 'crm', 'AppCRMAccount', 'acct-3'),
      })),
    );
    for (const { tenant, listed, counted, fetched } of results) {
      expect(listed).toHaveLength(perTenant);
      expect(listed.every((record) => String(record.name).startsWith(`${tenant} #`))).toBe(true);
      expect(listed.map((record) => record.revenue)).toStrictEqual(
        Array.from({ length: perTenant }, (_, index) => index),
      );
      expect(counted).toBe(Math.ceil(perTenant / 2));
      expect(fetched?.name).toBe(`${tenant} #3`);
    }
    await sqh.close();
  });

  it('concurrent updates of different fields of one record lose nothing', async () => {
    const racing = racingReads(FIELDS.length);
    const sqh = await composeWith({ fetch: racing.fetch });
    const tenant = `conc-${run}-u`;
    await sqh.records.create(tenant, 'ops', 'Counters', { id: 'one', a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 });
    const before = racing.writes();
    await Promise.all(
      FIELDS.map((field, index) =>
        sqh.records.update(tenant, 'ops', 'Counters', 'one', { [field]: index + 1 }),
      ),
    );
    expect(await sqh.records.get(tenant, 'ops', 'Counters', 'one')).toStrictEqual({
      id: 'one',
      a: 1,
      b: 2,
      c: 3,
      d: 4,
      e: 5,
      f: 6,
    });
    // All six read the same version, so five writes lost the race and were redone.
    expect(racing.writes() - before).toBeGreaterThanOrEqual(FIELDS.length + FIELDS.length - 1);
    await sqh.close();
  });

  it('gives up with a ConflictError after the configured number of attempts', async () => {
    const racing = racingReads(2);
    const sqh = await composeWith({ fetch: racing.fetch, maxUpdateAttempts: 1 });
    const tenant = `conc-${run}-b`;
    await sqh.records.create(tenant, 'ops', 'Counters', { id: 'one', a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 });
    const outcomes = await Promise.allSettled([
      sqh.records.update(tenant, 'ops', 'Counters', 'one', { a: 1 }),
      sqh.records.update(tenant, 'ops', 'Counters', 'one', { b: 1 }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    await sqh.close();
  });

  it('creates a tenant database once when many first operations arrive together', async () => {
    // Counts the create-database requests (POST /api/db/ORG/DB) the ten first operations send.
    let creations = 0;
    const counting: typeof globalThis.fetch = (input, init) => {
      if ((init?.method ?? 'GET') === 'POST' && new URL(String(input)).pathname.startsWith('/api/db/'))
        creations += 1;
      return globalThis.fetch(input, init);
    };
    const sqh = await composeWith({ fetch: counting });
    const tenant = `conc-${run}-first`;
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        sqh.records.create(tenant, 'crm', 'AppCRMAccount', {
          name: `n${index}`,
          revenue: null,
          tags: [],
          active: true,
        }),
      ),
    );
    expect(new Set(created.map((record) => record.id)).size).toBe(10);
    expect(await sqh.records.count(tenant, 'crm', 'AppCRMAccount')).toBe(10);
    expect(account.name).toBe('AppCRMAccount');
    expect(creations).toBe(1);
    await sqh.close();
  });
});
