import { compareCodePoints, type SqhRecord } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { idsOf } from '../expectations.js';
import type { ModelClient } from '../model-client.js';

const ROWS = 23;
const PAGE = 5;

/** Reads pages of `PAGE` until a short page; returns them all. */
async function readPages(rows: ModelClient, orderBy: string[]): Promise<SqhRecord[][]> {
  const pages: SqhRecord[][] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await rows.list({ orderBy, limit: PAGE, skip });
    pages.push(page);
    if (page.length < PAGE) return pages;
  }
}

export function pagingCases(ctx: ConformanceContext): void {
  describe('paging', () => {
    const rows = () => ctx.client(ctx.models.pageRow);

    beforeAll(async () => {
      // Generated ids and a key with many ties: only the id tie-break keeps pages stable.
      for (let position = 0; position < ROWS; position++)
        await rows().create({ bucket: position % 3, position });
    });

    it('pages ordered by a key with ties cover every record exactly once, in order', async () => {
      const pages = await readPages(rows(), ['bucket']);
      const everything = await rows().list({ orderBy: ['bucket'], limit: 100 });
      const byBucketThenId = [...everything].sort(
        (a, b) => (a.bucket as number) - (b.bucket as number) || compareCodePoints(a.id, b.id),
      );
      expect(everything).toHaveLength(ROWS);
      expect(idsOf(everything)).toStrictEqual(idsOf(byBucketThenId));
      expect(new Set(idsOf(pages.flat())).size).toBe(ROWS);
      expect(idsOf(pages.flat())).toStrictEqual(idsOf(everything));
    });

    it('descending pages cover every record exactly once, in order', async () => {
      const pages = await readPages(rows(), ['-bucket']);
      const everything = await rows().list({ orderBy: ['-bucket'], limit: 100 });
      expect(new Set(idsOf(pages.flat())).size).toBe(ROWS);
      expect(idsOf(pages.flat())).toStrictEqual(idsOf(everything));
    });

    it('pages without an order follow id order', async () => {
      const ids = idsOf((await readPages(rows(), [])).flat());
      expect(ids).toHaveLength(ROWS);
      expect(ids).toStrictEqual(idsOf(await rows().list({ orderBy: ['id'], limit: 100 })));
    });

    it('returns full pages, then the remainder, then nothing', async () => {
      const sizes = (await readPages(rows(), ['position'])).map((page) => page.length);
      expect(sizes).toStrictEqual([5, 5, 5, 5, 3]);
      expect(await rows().list({ orderBy: ['position'], limit: PAGE, skip: 25 })).toStrictEqual([]);
    });

    it('returns exactly the requested slice', async () => {
      const page = await rows().list({ orderBy: ['position'], limit: 4, skip: 7 });
      expect(page.map((record) => record.position)).toStrictEqual([7, 8, 9, 10]);
    });
  });
}
