import type { FilterInput, SqhRecord } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectValidationIssue, idsOf } from '../expectations.js';
import type { ModelClient } from '../model-client.js';

const ROWS = 26;
const PAGE = 4;
const SERIES = 'keyset';
const LABELS = ['delta', 'Alpha', 'beta', 'ähnlich', 'beta'];

/** Reads pages of `PAGE`, each starting after the last record of the one before, until a short page. */
async function keysetPages(
  rows: ModelClient,
  orderBy: string[],
  filters: FilterInput = { series: SERIES },
): Promise<SqhRecord[][]> {
  const pages: SqhRecord[][] = [];
  let after: SqhRecord | undefined;
  for (;;) {
    const page = await rows.list({ filters, orderBy, limit: PAGE, ...(after ? { after } : {}) });
    pages.push(page);
    if (page.length < PAGE) return pages;
    after = page.at(-1);
  }
}

export function keysetPagingCases(ctx: ConformanceContext): void {
  describe('keyset paging (after)', () => {
    const rows = () => ctx.client(ctx.models.cursorRow);

    beforeAll(async () => {
      // Ties, missing values (null and absent) and booleans on every key, generated ids.
      for (let position = 0; position < ROWS; position++) {
        await rows().create({
          series: SERIES,
          bucket: position % 3,
          rank: position % 4 === 0 ? null : position % 5,
          ...(position % 6 === 0 ? {} : { label: LABELS[position % LABELS.length] }),
          when: position % 7 === 0 ? null : new Date(Date.UTC(2024, 0, 1 + (position % 4))),
          flag: position % 2 === 0,
        });
      }
    });

    it.each([
      [[]],
      [['bucket']],
      [['-bucket']],
      [['rank']],
      [['-rank']],
      [['label']],
      [['-label', 'bucket']],
      [['when', '-rank']],
      [['-when', 'label']],
      [['flag', '-rank']],
      [['-flag', 'when']],
    ])(
      'pages ordered by %j cover every record exactly once, in the order of one full list',
      async (orderBy) => {
        const everything = await rows().list({ filters: { series: SERIES }, orderBy, limit: 100 });
        const pages = await keysetPages(rows(), orderBy);
        expect(everything).toHaveLength(ROWS);
        expect(pages.slice(0, -1).every((page) => page.length === PAGE)).toBe(true);
        expect(idsOf(pages.flat())).toStrictEqual(idsOf(everything));
      },
    );

    it('combines with filters', async () => {
      const filters = { series: SERIES, bucket: { $ne: 1 } };
      const everything = await rows().list({ filters, orderBy: ['-rank'], limit: 100 });
      const pages = await keysetPages(rows(), ['-rank'], filters);
      expect(idsOf(pages.flat())).toStrictEqual(idsOf(everything));
    });

    it('is stable under inserts: the next page starts right after the cursor, whatever was inserted', async () => {
      const series = 'keyset-inserts';
      const make = (bucket: number) => ({ series, bucket, rank: bucket, when: null, flag: false });
      for (const bucket of [10, 20, 30, 40, 50, 60]) await rows().create(make(bucket));
      const query = { filters: { series }, orderBy: ['bucket'], limit: 3 };
      const first = await rows().list(query);
      expect(first.map((record) => record.bucket)).toStrictEqual([10, 20, 30]);

      // Two records before the cursor (they would shift an offset page) and one after it.
      for (const bucket of [5, 15, 45]) await rows().create(make(bucket));
      const next = await rows().list({ ...query, after: first.at(-1) });
      expect(next.map((record) => record.bucket)).toStrictEqual([40, 45, 50]);
      const byOffset = await rows().list({ ...query, skip: 3 });
      // An offset page would repeat 20 and 30 from the first page.
      expect(byOffset.map((record) => record.bucket)).toStrictEqual([20, 30, 40]);
    });

    it('returns nothing after the last record', async () => {
      const everything = await rows().list({ filters: { series: SERIES }, orderBy: ['label'], limit: 100 });
      expect(
        await rows().list({ filters: { series: SERIES }, orderBy: ['label'], after: everything.at(-1) }),
      ).toStrictEqual([]);
    });

    it('refuses a cursor without an id or with a value of the wrong kind, naming it', async () => {
      await expectValidationIssue(rows().list({ orderBy: ['bucket'], after: { bucket: 1 } }), [
        'after',
        'id',
      ]);
      await expectValidationIssue(rows().list({ orderBy: ['bucket'], after: { id: 'x', bucket: 'one' } }), [
        'after',
        'bucket',
      ]);
      await expectValidationIssue(
        rows().list({ orderBy: ['when'], after: { id: 'x', bucket: 1, when: '2024-01-01' } }),
        ['after', 'when'],
      );
    });
  });
}
