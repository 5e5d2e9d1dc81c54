import { DATE_RANGE, type FilterInput } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectValidationIssue } from '../expectations.js';
import { seedRecords } from '../model-client.js';

const HUGE = 2 ** 40;
/** The last and first instants a JavaScript Date holds: outside every backend's range. */
const FAR_FUTURE = new Date(8.64e15);
const FAR_PAST = new Date(-8.64e15);

/**
 * A valid filter answers the same everywhere, even with constants a column
 * cannot hold (an INTEGER column and 2 ** 40); dates outside DATE_RANGE are
 * refused on write by core, naming the batch row.
 */
export function outOfRangeCases(ctx: ConformanceContext): void {
  describe('constants and values out of range', () => {
    const rows = () => ctx.client(ctx.models.rangeRow);
    const labels = async (filters: FilterInput) =>
      (await rows().list({ filters, orderBy: ['label'] })).map((record) => record.label);

    beforeAll(async () => {
      await seedRecords(rows(), [
        { label: 'a-low', small: -100, at: new Date('2024-01-01T00:00:00.000Z') },
        { label: 'b-zero', small: 0, at: new Date('2024-06-01T00:00:00.000Z') },
        { label: 'c-high', small: 100 },
        { label: 'd-null', small: null },
      ]);
    });

    it('compares an integer field with a constant beyond its range like any other constant', async () => {
      expect(await labels({ small: { $lt: HUGE } })).toStrictEqual(['a-low', 'b-zero', 'c-high']);
      expect(await labels({ small: { $lte: HUGE } })).toStrictEqual(['a-low', 'b-zero', 'c-high']);
      expect(await labels({ small: { $gt: HUGE } })).toStrictEqual([]);
      expect(await labels({ small: { $gte: -HUGE } })).toStrictEqual(['a-low', 'b-zero', 'c-high']);
      expect(await labels({ small: { $lt: -HUGE } })).toStrictEqual([]);
      expect(await labels({ small: HUGE })).toStrictEqual([]);
      expect(await labels({ small: { $ne: HUGE } })).toStrictEqual(['a-low', 'b-zero', 'c-high', 'd-null']);
      expect(await labels({ $not: { small: { $lt: HUGE } } })).toStrictEqual(['d-null']);
      expect(await rows().count({ small: { $gt: -HUGE } })).toBe(3);
    });

    it('matches $in and $nin lists that mix in-range and out-of-range constants', async () => {
      expect(await labels({ small: { $in: [HUGE, 0, -HUGE] } })).toStrictEqual(['b-zero']);
      expect(await labels({ small: { $in: [HUGE] } })).toStrictEqual([]);
      expect(await labels({ small: { $nin: [HUGE, 0] } })).toStrictEqual(['a-low', 'c-high', 'd-null']);
      expect(await labels({ small: { $nin: [HUGE] } })).toStrictEqual([
        'a-low',
        'b-zero',
        'c-high',
        'd-null',
      ]);
    });

    it('compares a date field with the first and last instants a Date can hold', async () => {
      expect(await labels({ at: { $lt: FAR_FUTURE } })).toStrictEqual(['a-low', 'b-zero']);
      expect(await labels({ at: { $gt: FAR_PAST } })).toStrictEqual(['a-low', 'b-zero']);
      expect(await labels({ at: { $gte: FAR_FUTURE } })).toStrictEqual([]);
      expect(await labels({ at: FAR_PAST })).toStrictEqual([]);
      expect(await labels({ at: { $ne: FAR_FUTURE } })).toStrictEqual([
        'a-low',
        'b-zero',
        'c-high',
        'd-null',
      ]);
    });

    it('stores dates at both ends of DATE_RANGE and finds them', async () => {
      const early = await rows().create({ label: 'edge-early', small: 1, at: DATE_RANGE.earliest });
      const late = await rows().create({ label: 'edge-late', small: 1, at: DATE_RANGE.latest });
      expect((await rows().get(early.id))?.at).toStrictEqual(DATE_RANGE.earliest);
      expect((await rows().get(late.id))?.at).toStrictEqual(DATE_RANGE.latest);
      expect(
        await labels({ label: { $startsWith: 'edge-' }, at: { $lte: DATE_RANGE.earliest } }),
      ).toStrictEqual(['edge-early']);
      await rows().delete(early.id);
      await rows().delete(late.id);
    });

    it('refuses a date outside DATE_RANGE on create and update, storing nothing', async () => {
      await expectValidationIssue(rows().create({ label: 'too-late', small: 1, at: FAR_FUTURE }), ['at']);
      await expectValidationIssue(rows().create({ label: 'too-early', small: 1, at: FAR_PAST }), ['at']);
      const early = new Date(DATE_RANGE.earliest.getTime() - 1);
      await expectValidationIssue(rows().create({ label: 'too-early', small: 1, at: early }), ['at']);
      expect(await rows().count({ label: { $in: ['too-late', 'too-early'] } })).toBe(0);
      const stored = (await rows().list({ filters: { label: 'b-zero' } }))[0]!;
      await expectValidationIssue(rows().update(stored.id, { at: FAR_FUTURE }), ['at']);
      expect(await rows().get(stored.id)).toStrictEqual(stored);
    });

    it('refuses a batch with one out-of-range date, naming its row, writing nothing', async () => {
      const batch = [0, 1, 2].map((n) => ({
        label: 'range-batch',
        small: n,
        at: n === 1 ? new Date('+275760-01-01T00:00:00.000Z') : new Date('2024-01-01T00:00:00.000Z'),
      }));
      await expectValidationIssue(rows().batchCreate(batch), ['at'], 1);
      expect(await rows().count({ label: 'range-batch' })).toBe(0);
    });
  });
}
