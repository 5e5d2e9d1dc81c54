import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { sortedIdsOf } from '../expectations.js';
import { seedRecords } from '../model-client.js';

const ARTICLES = [
  { id: 's1', title: 'Apple pie recipe', body: 'Bake with cinnamon', status: 'published', views: 42 },
  { id: 's2', title: 'Banana bread', body: 'APPLE sauce is optional', status: 'draft', views: 7 },
  { id: 's3', title: 'Cherry tart', body: null, status: 'published', views: 42 },
  { id: 's4', title: 'Pineapple upside-down cake', body: 'A classic', status: 'archived', views: 3 },
  { id: 's5', title: 'Plain toast', body: '100% butter', status: 'published', views: 1 },
];

export function searchCases(ctx: ConformanceContext): void {
  // The contract leaves the order of search results open, so results are compared as sets.
  describe('search', () => {
    const articles = () => ctx.client(ctx.models.article);

    beforeAll(async () => {
      await seedRecords(articles(), ARTICLES);
    });

    it('matches case-insensitively across every string field by default', async () => {
      expect(sortedIdsOf(await articles().search('apple'))).toStrictEqual(['s1', 's2', 's4']);
    });

    it('matches upper-case text against lower-case values', async () => {
      expect(sortedIdsOf(await articles().search('APPLE'))).toStrictEqual(['s1', 's2', 's4']);
    });

    it('looks only at the fields it is given', async () => {
      expect(sortedIdsOf(await articles().search('apple', { fields: ['title'] }))).toStrictEqual([
        's1',
        's4',
      ]);
      expect(sortedIdsOf(await articles().search('apple', { fields: ['body'] }))).toStrictEqual(['s2']);
    });

    it('finds records whose other text field is null', async () => {
      expect(sortedIdsOf(await articles().search('tart'))).toStrictEqual(['s3']);
    });

    it('combines the text with filters', async () => {
      expect(
        sortedIdsOf(await articles().search('apple', { filters: { status: 'published' } })),
      ).toStrictEqual(['s1']);
    });

    it('returns at most limit records, all of them matches', async () => {
      const found = await articles().search('apple', { limit: 2 });
      expect(found).toHaveLength(2);
      expect(sortedIdsOf(found).every((id) => ['s1', 's2', 's4'].includes(id))).toBe(true);
    });

    it('does not look at non-text fields', async () => {
      expect(await articles().search('42')).toStrictEqual([]);
    });

    it('treats % in the text as a literal character', async () => {
      expect(sortedIdsOf(await articles().search('0%'))).toStrictEqual(['s5']);
    });

    it('returns nothing when no field contains the text', async () => {
      expect(await articles().search('zucchini')).toStrictEqual([]);
    });

    it('returns whole records', async () => {
      const [found] = await articles().search('cinnamon');
      expect(found).toStrictEqual(ARTICLES[0]);
    });
  });
}
