import { type AccessContext, createSqh, isSqhError, type Model, type Sqh } from '@sqh/core';
import type { AccessOperation, AccessPolicy } from '@sqh/core/spi';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessControl, type AccessRule, buildPlatformContext, modelPolicy } from '../src/index.js';
import { caller, recordData, recordSet, rule } from './support/access-arbitraries.js';
import { BACKENDS_UNDER_TEST, type BackendUnderTest } from './support/backends-under-test.js';
import { type Row, referenceVerdict } from './support/reference-policy.js';
import { specimenModel } from './support/specimen-model.js';

/**
 * Generated rules × callers × hostile records × every operation, on each backend,
 * compared with the reference evaluation of the rules. SQH_ACCESS_SEED replays a
 * run; SQH_ACCESS_RUNS sets how many cases each backend gets.
 */
const SEED = Number(process.env.SQH_ACCESS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.SQH_ACCESS_RUNS ?? 120);
const PLATFORM = { access: buildPlatformContext('differential-test') };
const WRITES = ['update', 'handover', 'delete', 'create', 'batch'] as const;

type Outcome = string;

function outcomeOf(error: unknown): Outcome {
  return isSqhError(error) ? `error:${error.code}` : `crash:${String(error)}`;
}

async function settle<T>(call: () => Promise<T>, describeValue: (value: T) => Outcome): Promise<Outcome> {
  try {
    return describeValue(await call());
  } catch (error) {
    return outcomeOf(error);
  }
}

const idList = (rows: readonly { id: string }[]) =>
  `ids:${rows
    .map((row) => row.id)
    .sort()
    .join('|')}`;

for (const makeBackend of BACKENDS_UNDER_TEST) {
  const backend: BackendUnderTest = makeBackend();
  describe(`access decisions on ${backend.name} equal the reference evaluation (seed ${SEED})`, () => {
    const model: Model = specimenModel(backend.storage);
    const tenant = `acc${SEED.toString(36)}${backend.name.slice(0, 2)}`;
    const seeded = fc.sample(recordSet, { seed: SEED, numRuns: 1 })[0]!;
    const stored = new Map<string, Row>(seeded.map(({ id, data }) => [id, { id, ...data }]));
    let current: AccessControl = new AccessControl([modelPolicy(model)], { defaultEffect: 'deny' });
    const swappable: AccessPolicy = { name: 'differential', decide: (request) => current.decide(request) };
    let sqh: Sqh;
    const at = () => [tenant, model.group, model.name] as const;

    beforeAll(async () => {
      sqh = await createSqh({
        plugins: [
          ...(await backend.plugins()),
          { name: 'swap', register: (_c, api) => api.registerAccessPolicy(swappable) },
        ],
        models: [model],
      });
      for (const row of stored.values()) await sqh.records.create(...at(), row, PLATFORM);
    });

    afterAll(async () => {
      try {
        if (sqh) await backend.dropTenant(sqh, tenant);
      } finally {
        await sqh?.close();
        await backend.stop();
      }
    });

    /** Puts a record back as it was seeded, whatever a write under test did to it. */
    async function restore(id: string): Promise<void> {
      await sqh.records.delete(...at(), id, PLATFORM);
      const row = stored.get(id);
      if (row) await sqh.records.create(...at(), row, PLATFORM);
    }

    it('for every generated case', async () => {
      const ids = [...stored.keys()];
      let created = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(rule, { minLength: 1, maxLength: 3 }),
          caller(tenant),
          fc.nat(ids.length - 1),
          fc.constantFrom(...WRITES),
          recordData,
          fc.option(fc.constantFrom('alice', 'Alice', 'bob', 'a\u030alice'), { nil: null }),
          async (rules: AccessRule[], access: AccessContext | undefined, index, write, fresh, handTo) => {
            current = new AccessControl([modelPolicy(model, ...rules)], { defaultEffect: 'deny' });
            const options = access ? { access } : {};
            const verdict = (operation: AccessOperation) =>
              referenceVerdict(rules, operation, access, tenant);
            const visible = (operation: AccessOperation) => {
              const v = verdict(operation);
              return v.deny ? undefined : [...stored.values()].filter((row) => v.matches(row));
            };
            const targetId = ids[index]!;
            const target = stored.get(targetId)!;
            const expected: Record<string, Outcome> = {};
            const actual: Record<string, Outcome> = {};

            const readable = visible('read');
            expected.list = readable ? idList(readable as { id: string }[]) : 'error:ACCESS_DENIED';
            actual.list = await settle(() => sqh.records.list(...at(), { limit: 1000 }, options), idList);
            expected.count = readable ? `count:${readable.length}` : 'error:ACCESS_DENIED';
            actual.count = await settle(
              () => sqh.records.count(...at(), undefined, options),
              (n) => `count:${n}`,
            );
            expected.search = readable
              ? idList(
                  readable.filter((row) => String(row.title).toLowerCase().includes('rep')) as {
                    id: string;
                  }[],
                )
              : 'error:ACCESS_DENIED';
            actual.search = await settle(
              () => sqh.records.search(...at(), 'rep', { fields: ['title'], limit: 1000 }, options),
              idList,
            );
            expected.get = readable
              ? `get:${readable.includes(target) ? targetId : 'null'}`
              : 'error:ACCESS_DENIED';
            actual.get = await settle(
              () => sqh.records.get(...at(), targetId, options),
              (row) => `get:${row ? row.id : 'null'}`,
            );

            const operation: AccessOperation =
              write === 'handover' ? 'update' : write === 'batch' ? 'create' : write;
            const v = verdict(operation);
            const newIds: string[] = [];
            try {
              if (write === 'create' || write === 'batch') {
                const rows = (write === 'batch' ? [fresh, target] : [fresh]).map((data) => {
                  newIds.push(`new${created++}-${targetId}`);
                  return { ...data, id: newIds.at(-1)! };
                });
                const allowed = !v.deny && rows.every((row) => v.matches(row));
                expected[write] = allowed ? `created:${newIds.join('|')}` : 'error:ACCESS_DENIED';
                actual[write] =
                  write === 'create'
                    ? await settle(
                        () => sqh.records.create(...at(), rows[0]!, options),
                        (r) => `created:${r.id}`,
                      )
                    : await settle(
                        () => sqh.records.batchCreate(...at(), rows, options),
                        (result) => `created:${result.records.map((r) => r.id).join('|')}`,
                      );
              } else if (write === 'delete') {
                expected.delete = v.deny ? 'error:ACCESS_DENIED' : `deleted:${v.matches(target)}`;
                actual.delete = await settle(
                  () => sqh.records.delete(...at(), targetId, options),
                  (d) => `deleted:${d}`,
                );
              } else {
                const patch = write === 'update' ? { title: 'patched' } : { owner: handTo };
                const after = { ...target, ...patch };
                expected[write] = v.deny
                  ? 'error:ACCESS_DENIED'
                  : !v.matches(target)
                    ? 'error:NOT_FOUND'
                    : !v.matches(after)
                      ? 'error:ACCESS_DENIED'
                      : `updated:${targetId}`;
                actual[write] = await settle(
                  () => sqh.records.update(...at(), targetId, patch, options),
                  (r) => `updated:${r.id}`,
                );
              }
            } finally {
              for (const id of newIds) await sqh.records.delete(...at(), id, PLATFORM);
              if (newIds.length === 0) await restore(targetId);
            }
            expect(actual, `${backend.name}, seed ${SEED}: rules ${JSON.stringify(rules)}`).toEqual(expected);
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  });
}
