import { type BatchProgress, ConflictError } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError, expectValidationIssue, idsOf } from '../expectations.js';
import { sampleInput } from '../sample-input.js';

/** Rows whose labels share a prefix unique to one case, so the case can count exactly its own rows. */
function labelled(prefix: string, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, position) => ({ label: `${prefix}-${position}`, position }));
}

export function batchCases(ctx: ConformanceContext): void {
  describe('batchCreate', () => {
    const items = () => ctx.client(ctx.models.batchItem);
    const countLabelled = (prefix: string) => items().count({ label: { $startsWith: `${prefix}-` } });

    it('creates every row and returns the records in input order', async () => {
      const rows = labelled('batch-order', 5).reverse();
      const result = await items().batchCreate(rows);
      expect(result.count).toBe(5);
      expect(result.records.map((record) => record.label)).toStrictEqual(rows.map((row) => row.label));
      expect(await countLabelled('batch-order')).toBe(5);
    });

    it('returns records equal to what get reads back', async () => {
      const { records } = await items().batchCreate(labelled('batch-get', 3));
      for (const record of records) expect(await items().get(record.id)).toStrictEqual(record);
    });

    it('keeps input order for a thousand rows', async () => {
      const rows = labelled('batch-thousand', 1000);
      const { records } = await items().batchCreate(rows);
      expect(records.map((record) => record.position)).toStrictEqual(rows.map((row) => row.position));
    });

    it('stores every field kind exactly as create does', async () => {
      const rows = [
        sampleInput({
          id: 'batch-kinds-1',
          note: 'n',
          points: [{ x: 1, y: 2 }],
          reviewedAt: new Date('2024-02-02T02:02:02.002Z'),
        }),
        sampleInput({
          id: 'batch-kinds-2',
          tags: [],
          labels: new Set(),
          quantity: Number.MAX_SAFE_INTEGER,
          ratio: 5e-324,
        }),
      ];
      const { records } = await ctx.client(ctx.models.sample).batchCreate(rows);
      const expected = rows.map((row) => ({ ...row, priority: 3 }));
      expect(records).toStrictEqual(expected);
      expect(await ctx.client(ctx.models.sample).get('batch-kinds-1')).toStrictEqual(expected[0]);
      expect(await ctx.client(ctx.models.sample).get('batch-kinds-2')).toStrictEqual(expected[1]);
    });

    it('generates a distinct id for every row without one', async () => {
      const { records } = await items().batchCreate(labelled('batch-ids', 100));
      expect(new Set(idsOf(records)).size).toBe(100);
    });

    it('keeps caller-chosen ids next to generated ones', async () => {
      const { records } = await items().batchCreate([
        { id: 'batch-chosen-1', label: 'batch-chosen-a', position: 0 },
        { label: 'batch-chosen-b', position: 1 },
        { id: 'batch-chosen-2', label: 'batch-chosen-c', position: 2 },
      ]);
      expect(records[0]?.id).toBe('batch-chosen-1');
      expect(records[2]?.id).toBe('batch-chosen-2');
      expect(['batch-chosen-1', 'batch-chosen-2']).not.toContain(records[1]?.id);
    });

    it('with returning: false, returns the count and no records, and writes every row', async () => {
      const result = await items().batchCreate(labelled('batch-silent', 7), { returning: false });
      expect(result).toStrictEqual({ count: 7, records: [] });
      expect(await countLabelled('batch-silent')).toBe(7);
    });

    it('reports progress that never goes back and ends with written equal to total', async () => {
      const progress: BatchProgress[] = [];
      await items().batchCreate(labelled('batch-progress', 12), {
        onProgress: (step) => progress.push(step),
      });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toStrictEqual({ written: 12, total: 12 });
      expect(
        progress.every(
          (step, index) => step.total === 12 && step.written >= (progress[index - 1]?.written ?? 0),
        ),
      ).toBe(true);
    });

    it('writes nothing and returns a count of 0 for an empty batch', async () => {
      const before = await items().count();
      expect(await items().batchCreate([])).toStrictEqual({ count: 0, records: [] });
      expect(await items().count()).toBe(before);
    });

    it.each([0, 2, 4])(
      'refuses a batch whose row %i is invalid, naming that row, and writes nothing',
      async (bad) => {
        const prefix = `batch-bad-${bad}`;
        const rows = labelled(prefix, 5).map((row, index) =>
          index === bad ? { ...row, position: 'not a number' } : row,
        );
        await expectValidationIssue(items().batchCreate(rows), ['position'], bad);
        expect(await countLabelled(prefix)).toBe(0);
      },
    );

    it('reports every invalid row of a batch', async () => {
      const rows = labelled('batch-two-bad', 4).map((row, index) =>
        index % 2 === 1 ? { ...row, unknown: true } : row,
      );
      const error = await expectValidationIssue(items().batchCreate(rows), ['unknown'], 1);
      expect(error.issues).toContainEqual(expect.objectContaining({ path: ['unknown'], row: 3 }));
      expect(await countLabelled('batch-two-bad')).toBe(0);
    });

    it('refuses a batch with the same id twice with ConflictError and writes nothing', async (test) => {
      ctx.requires('transactions', test);
      const rows = labelled('batch-twice', 4).map((row, index) =>
        index === 1 || index === 3 ? { ...row, id: 'batch-twice-id' } : row,
      );
      await expectSqhError(items().batchCreate(rows), ConflictError, 'CONFLICT');
      expect(await countLabelled('batch-twice')).toBe(0);
      expect(await items().get('batch-twice-id')).toBeNull();
    });

    it('refuses a batch holding an id already stored with ConflictError and writes nothing', async (test) => {
      ctx.requires('transactions', test);
      await items().create({ id: 'batch-stored-id', label: 'stored before', position: 0 });
      const rows = labelled('batch-clash', 4).map((row, index) =>
        index === 2 ? { ...row, id: 'batch-stored-id' } : row,
      );
      await expectSqhError(items().batchCreate(rows), ConflictError, 'CONFLICT');
      expect(await countLabelled('batch-clash')).toBe(0);
      expect((await items().get('batch-stored-id'))?.label).toBe('stored before');
    });
  });
}
