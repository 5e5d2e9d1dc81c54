import type { FilterInput } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { idsOf } from '../expectations.js';
import { seedRecords } from '../model-client.js';

const TEXT_ROWS = [
  { id: 't01', text: 'École' },
  { id: 't02', text: 'ÉCOLE primaire' },
  { id: 't03', text: 'une école' },
  { id: 't04', text: 'ecole sans accent' },
  { id: 't05', text: '100% pure' },
  { id: 't06', text: '1000 ways' },
  { id: 't07', text: 'a_b' },
  { id: 't08', text: 'axb' },
  { id: 't09', text: 'back\\slash' },
  { id: 't10', text: "O'Brien" },
  { id: 't11', text: 'say "hi"' },
  { id: 't12', text: '😀 smile' },
  { id: 't13', text: null },
  { id: 't14', text: 'ｚ fullwidth' },
  { id: 't15', text: 'Жук и ёж' },
];

const WITH_TEXT = TEXT_ROWS.filter((row) => row.text !== null).map((row) => row.id);

/**
 * Ascending by code point: digits, then upper-case ASCII, lower-case ASCII, Latin-1
 * (É), Cyrillic, the BMP's fullwidth forms and last the emoji (above U+FFFF, though
 * its UTF-16 code units sort before U+FF5A). Null last.
 */
const CODE_POINT_ORDER = [
  't05',
  't06',
  't10',
  't07',
  't08',
  't09',
  't04',
  't11',
  't03',
  't02',
  't01',
  't15',
  't14',
  't12',
  't13',
];

interface TextCase {
  readonly behaviour: string;
  readonly filters: FilterInput;
  readonly expected: readonly string[];
}

const TEXT_OPERATORS: TextCase[] = [
  {
    behaviour: '$icontains ignores case, accented capitals included',
    filters: { text: { $icontains: 'école' } },
    expected: ['t01', 't02', 't03'],
  },
  {
    behaviour: '$icontains with an accented capital finds lower-case text',
    filters: { text: { $icontains: 'ÉCOLE' } },
    expected: ['t01', 't02', 't03'],
  },
  {
    behaviour: '$icontains does not fold accents away',
    filters: { text: { $icontains: 'ECOLE' } },
    expected: ['t04'],
  },
  {
    behaviour: '$icontains folds Cyrillic case',
    filters: { text: { $icontains: 'ЖУК И ЁЖ' } },
    expected: ['t15'],
  },
  { behaviour: '$icontains finds an emoji', filters: { text: { $icontains: '😀' } }, expected: ['t12'] },
  {
    behaviour: 'an empty $icontains matches every value but not null',
    filters: { text: { $icontains: '' } },
    expected: WITH_TEXT,
  },
  {
    behaviour: '$not of $icontains includes null values',
    filters: { $not: { text: { $icontains: 'école' } } },
    expected: TEXT_ROWS.map((row) => row.id).filter((id) => !['t01', 't02', 't03'].includes(id)),
  },
  {
    behaviour: '$startsWith is case-sensitive',
    filters: { text: { $startsWith: 'École' } },
    expected: ['t01'],
  },
  {
    behaviour: '$startsWith matches a multi-byte prefix',
    filters: { text: { $startsWith: 'Жук' } },
    expected: ['t15'],
  },
  {
    behaviour: '$startsWith with % matches a literal %',
    filters: { text: { $startsWith: '100%' } },
    expected: ['t05'],
  },
  {
    behaviour: '$icontains with % matches a literal %',
    filters: { text: { $icontains: '0%' } },
    expected: ['t05'],
  },
  {
    behaviour: '$startsWith with _ matches a literal _',
    filters: { text: { $startsWith: 'a_' } },
    expected: ['t07'],
  },
  {
    behaviour: '$icontains with _ matches a literal _',
    filters: { text: { $icontains: '_' } },
    expected: ['t07'],
  },
  {
    behaviour: '$icontains with a backslash matches a literal backslash',
    filters: { text: { $icontains: '\\' } },
    expected: ['t09'],
  },
  {
    behaviour: '$startsWith ending in a backslash',
    filters: { text: { $startsWith: 'back\\' } },
    expected: ['t09'],
  },
  { behaviour: '$icontains with a single quote', filters: { text: { $icontains: "'" } }, expected: ['t10'] },
  {
    behaviour: '$icontains with double quotes',
    filters: { text: { $icontains: '"hi"' } },
    expected: ['t11'],
  },
  { behaviour: '$eq treats % as a plain character', filters: { text: '100%' }, expected: [] },
  { behaviour: '$eq treats _ as a plain character', filters: { text: 'a_b' }, expected: ['t07'] },
  {
    behaviour: '$gt compares by code point: accented letters sort after z',
    filters: { text: { $gt: 'z' } },
    expected: ['t01', 't02', 't12', 't14', 't15'],
  },
  {
    behaviour: '$gte compares by code point, not UTF-16 unit: the emoji sorts after U+FF5A',
    filters: { text: { $gte: 'ｚ' } },
    expected: ['t12', 't14'],
  },
  {
    behaviour: '$lt compares upper-case before lower-case',
    filters: { text: { $lt: 'a' } },
    expected: ['t05', 't06', 't10'],
  },
];

export function textCases(ctx: ConformanceContext): void {
  describe('text and unicode', () => {
    const rows = () => ctx.client(ctx.models.textRow);

    beforeAll(async () => {
      await seedRecords(rows(), TEXT_ROWS);
    });

    for (const { behaviour, filters, expected } of TEXT_OPERATORS) {
      it(behaviour, async () => {
        expect(idsOf(await rows().list({ filters }))).toStrictEqual(expected);
      });
    }

    it('orders strings by code point ascending, nulls last', async () => {
      expect(idsOf(await rows().list({ orderBy: ['text'] }))).toStrictEqual(CODE_POINT_ORDER);
    });

    it('orders strings by code point descending, nulls first', async () => {
      const descending = [CODE_POINT_ORDER.at(-1), ...CODE_POINT_ORDER.slice(0, -1).reverse()];
      expect(idsOf(await rows().list({ orderBy: ['-text'] }))).toStrictEqual(descending);
    });
  });
}
