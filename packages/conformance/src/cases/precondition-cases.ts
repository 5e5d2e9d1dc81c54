import { ConflictError, isSqhError, NotFoundError } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError, expectValidationIssue } from '../expectations.js';

const RACERS = 20;
/** Attempts each racer may make; far more than 20 racers need, so a livelock fails the test instead of hanging. */
const MAX_ATTEMPTS = 200;

/** `update(..., patch, { if })`: the precondition is checked atomically with the write. */
export function preconditionCases(ctx: ConformanceContext): void {
  describe("update with an 'if' precondition", () => {
    const counter = () => ctx.client(ctx.models.counter);

    it('applies the patch when the stored record matches the condition', async (test) => {
      ctx.requires('conditionalUpdates', test);
      const created = await counter().create({ name: 'holds', count: 1 });
      const updated = await counter().update(created.id, { count: 2 }, { if: { count: 1 } });
      expect(updated).toStrictEqual({ ...created, count: 2 });
      expect(await counter().get(created.id)).toStrictEqual(updated);
    });

    it('is CONFLICT and changes nothing when the stored record does not match', async (test) => {
      ctx.requires('conditionalUpdates', test);
      const created = await counter().create({ name: 'stale', count: 5 });
      const error = await expectSqhError(
        counter().update(created.id, { count: 5, name: 'lost' }, { if: { count: 4 } }),
        ConflictError,
        'CONFLICT',
      );
      expect(error.message).toContain("'if' condition");
      expect(await counter().get(created.id)).toStrictEqual(created);
    });

    it('is CONFLICT for an empty patch whose condition does not hold', async (test) => {
      ctx.requires('conditionalUpdates', test);
      const created = await counter().create({ name: 'empty patch', count: 1 });
      await expectSqhError(counter().update(created.id, {}, { if: { count: 0 } }), ConflictError, 'CONFLICT');
      expect(await counter().update(created.id, {}, { if: { count: 1 } })).toStrictEqual(created);
    });

    it('is NOT_FOUND, not CONFLICT, for an id that does not exist', async (test) => {
      ctx.requires('conditionalUpdates', test);
      await expectSqhError(
        counter().update('counter-missing', { count: 1 }, { if: { count: 0 } }),
        NotFoundError,
        'NOT_FOUND',
      );
    });

    it('refuses a condition on an unknown field and keeps the record', async (test) => {
      ctx.requires('conditionalUpdates', test);
      const created = await counter().create({ name: 'bad condition', count: 1 });
      await expectValidationIssue(counter().update(created.id, { count: 2 }, { if: { missing: 1 } }), [
        'filters',
        'missing',
      ]);
      expect(await counter().get(created.id)).toStrictEqual(created);
    });

    it(`loses no update: ${RACERS} racing read-modify-write increments end at exactly ${RACERS}`, async (test) => {
      ctx.requires('conditionalUpdates', test);
      const created = await counter().create({ name: 'raced', count: 0 });
      let conflicts = 0;
      const increment = async (): Promise<void> => {
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          const current = (await counter().get(created.id))?.count as number;
          try {
            await counter().update(created.id, { count: current + 1 }, { if: { count: current } });
            return;
          } catch (error) {
            if (!isSqhError(error) || error.code !== 'CONFLICT') throw error;
            conflicts += 1;
          }
        }
        throw new Error(`no increment landed in ${MAX_ATTEMPTS} attempts`);
      };
      await Promise.all(Array.from({ length: RACERS }, increment));
      expect((await counter().get(created.id))?.count).toBe(RACERS);
      // The racers really overlapped: some of them had to retry.
      expect(conflicts).toBeGreaterThan(0);
      // Up to 20 × MAX_ATTEMPTS read-and-write round trips: over HTTP to a TerminusDB in another
      // process on a loaded machine this outlasts vitest's default 5 s.
    }, 60_000);
  });
}
