import { ConflictError, type Model } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError } from '../expectations.js';

const JANUARY = new Date('2024-01-15T00:00:00.000Z');
const JULY = new Date('2024-07-15T00:00:00.000Z');

/**
 * One id means one record on every backend: a second create with a stored id
 * is CONFLICT, and update/delete by id touch that one record. Run on a plain
 * model, and on a partitioned one where the backend partitions (rows with
 * different dates then live in different partitions).
 */
export function oneIdOneRecordCases(ctx: ConformanceContext): void {
  describe('one id, one record', () => {
    casesFor('a plain model', () => ctx.models.event);
    const partitioned = ctx.partitionedEvent;
    if (partitioned) casesFor('a partitioned model', () => partitioned);
  });

  function casesFor(what: string, model: () => Model): void {
    const row = (label: string, at: Date) => ({ label, at });
    describe(what, () => {
      const records = () => ctx.client(model());
      let next = 0;
      const freshId = () => `one-id-${what.replace(/\W/g, '')}-${++next}`;

      it('refuses a second create with a stored id, whatever its other values', async () => {
        const id = freshId();
        const first = await records().create({ id, ...row('first', JANUARY) });
        await expectSqhError(records().create({ id, ...row('second', JULY) }), ConflictError, 'CONFLICT');
        expect(await records().count({ id })).toBe(1);
        expect(await records().get(id)).toStrictEqual(first);
      });

      it('refuses two racing creates of one id in different date ranges: exactly one lands', async () => {
        const id = freshId();
        const outcomes = await Promise.allSettled([
          records().create({ id, ...row('racer-a', JANUARY) }),
          records().create({ id, ...row('racer-b', JULY) }),
        ]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const failure = outcomes.find((outcome) => outcome.status === 'rejected');
        expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
        expect(await records().count({ id })).toBe(1);
      });

      it('refuses a batch holding a stored id, naming the row, writing nothing', async () => {
        const id = freshId();
        await records().create({ id, ...row('stored', JANUARY) });
        const label = `batch-${id}`;
        const batch = [
          { id: `${id}-new-0`, ...row(label, JANUARY) },
          { id: `${id}-new-1`, ...row(label, JANUARY) },
          { id, ...row(label, JULY) },
        ];
        const error = await expectSqhError(records().batchCreate(batch), ConflictError, 'CONFLICT');
        expect(error.message).toContain('row 2');
        expect(await records().count({ label })).toBe(0);
        expect(await records().count({ id })).toBe(1);
      });

      it('refuses a batch repeating one id in different date ranges, writing nothing', async () => {
        const id = freshId();
        const label = `batch-twice-${id}`;
        const error = await expectSqhError(
          records().batchCreate([
            { id, ...row(label, JANUARY) },
            { id: `${id}-other`, ...row(label, JANUARY) },
            { id, ...row(label, JULY) },
          ]),
          ConflictError,
          'CONFLICT',
        );
        expect(error.message).toContain('row 2');
        expect(await records().count({ label })).toBe(0);
      });

      it('updates and deletes exactly one record by id, and frees the id after delete', async () => {
        const id = freshId();
        const bystander = await records().create({ id: `${id}-bystander`, ...row('bystander', JULY) });
        await records().create({ id, ...row('target', JANUARY) });
        const moved = await records().update(id, { at: JULY, label: 'moved' });
        expect(moved).toMatchObject({ id, at: JULY, label: 'moved' });
        expect(await records().count({ id })).toBe(1);
        expect(await records().delete(id)).toBe(true);
        expect(await records().get(id)).toBeNull();
        expect(await records().get(bystander.id)).toStrictEqual(bystander);
        // The id is free again, in any date range.
        const again = await records().create({ id, ...row('again', JULY) });
        expect(await records().get(id)).toStrictEqual(again);
      });
    });
  }
}
