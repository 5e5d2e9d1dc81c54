import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { seedRecords } from '../model-client.js';

const COUNT_ROWS = [
  { id: 'c1', colour: 'red', size: 1 },
  { id: 'c2', colour: 'red', size: null },
  { id: 'c3', colour: 'blue', size: 3 },
  { id: 'c4', colour: 'green', size: 4 },
  { id: 'c5', colour: 'blue', size: null },
];

export function countCases(ctx: ConformanceContext): void {
  describe('count', () => {
    const rows = () => ctx.client(ctx.models.countRow);

    beforeAll(async () => {
      await seedRecords(rows(), COUNT_ROWS);
    });

    it('counts every record when given no filter', async () => {
      expect(await rows().count()).toBe(5);
    });

    it('counts every record when given an empty filter', async () => {
      expect(await rows().count({})).toBe(5);
    });

    it('counts only the records matching a filter', async () => {
      expect(await rows().count({ colour: 'red' })).toBe(2);
    });

    it('counts records where a $not holds because the value is null', async () => {
      expect(await rows().count({ $not: { size: { $gt: 2 } } })).toBe(3);
    });

    it('counts zero when nothing matches', async () => {
      expect(await rows().count({ colour: 'green', size: null })).toBe(0);
    });

    it('counts zero for a model with no records in the tenant', async () => {
      expect(await ctx.client(ctx.models.countRow, ctx.tenants.other).count()).toBe(0);
    });

    it('agrees with the length of list for the same filter', async () => {
      const filters = { $or: [{ colour: 'blue' }, { size: { $lt: 2 } }] };
      expect(await rows().count(filters)).toBe(3);
      expect(await rows().list({ filters })).toHaveLength(3);
    });
  });
}
