import type { FilterInput } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { idsOf } from '../expectations.js';
import { seedRecords } from '../model-client.js';

const FILTER_ROWS = [
  {
    id: 'f01',
    name: 'apple',
    score: 1,
    ratio: 0.5,
    active: true,
    at: new Date('2024-01-01T00:00:00.000Z'),
    kind: 'alpha',
    tags: ['red', 'fruit'],
  },
  {
    id: 'f02',
    name: 'banana',
    score: 5,
    ratio: 1.5,
    active: false,
    at: new Date('2024-02-15T12:30:00.000Z'),
    kind: 'beta',
    tags: ['yellow', 'fruit'],
  },
  {
    id: 'f03',
    name: 'cherry',
    score: 10,
    ratio: -2.25,
    active: true,
    at: new Date('2024-03-31T23:59:59.999Z'),
    kind: 'gamma',
    tags: ['red'],
  },
  // Null where the schema allows null, absent where it allows absence, an empty array.
  { id: 'f04', name: 'date', score: null, active: null, kind: 'alpha', tags: [] },
  {
    id: 'f05',
    name: 'elderberry',
    score: 5,
    ratio: 3,
    active: null,
    at: new Date('2023-12-31T23:59:59.999Z'),
    kind: 'beta',
  },
  {
    id: 'f06',
    name: 'fig',
    score: -3,
    ratio: 0,
    active: false,
    at: new Date('2024-02-15T12:30:00.001Z'),
    kind: 'gamma',
    tags: ['green', 'fruit'],
  },
];

const ALL = ['f01', 'f02', 'f03', 'f04', 'f05', 'f06'];

interface FilterCase {
  readonly behaviour: string;
  readonly filters: FilterInput;
  /** Ids in the default order (id ascending). */
  readonly expected: readonly string[];
}

const EQUALITY: FilterCase[] = [
  { behaviour: 'a string matches exactly', filters: { name: 'banana' }, expected: ['f02'] },
  {
    behaviour: 'a string that differs only in case does not match',
    filters: { name: 'Banana' },
    expected: [],
  },
  {
    behaviour: 'an integer matches every record holding it',
    filters: { score: 5 },
    expected: ['f02', 'f05'],
  },
  { behaviour: 'zero matches zero but not an absent number', filters: { ratio: 0 }, expected: ['f06'] },
  { behaviour: 'false matches false but not null', filters: { active: false }, expected: ['f02', 'f06'] },
  { behaviour: '$eq true matches true', filters: { active: { $eq: true } }, expected: ['f01', 'f03'] },
  { behaviour: 'an enum value matches', filters: { kind: 'alpha' }, expected: ['f01', 'f04'] },
  {
    behaviour: 'a Date matches to the millisecond',
    filters: { at: new Date('2024-02-15T12:30:00.000Z') },
    expected: ['f02'],
  },
  {
    behaviour: 'an ISO date string matches like a Date',
    filters: { at: '2024-02-15T12:30:00.001Z' },
    expected: ['f06'],
  },
  { behaviour: 'null matches a null field', filters: { score: null }, expected: ['f04'] },
  { behaviour: 'null matches an absent field', filters: { ratio: null }, expected: ['f04'] },
  {
    behaviour: '$eq null matches every null field',
    filters: { active: { $eq: null } },
    expected: ['f04', 'f05'],
  },
  { behaviour: 'the id field can be filtered on', filters: { id: 'f03' }, expected: ['f03'] },
];

const INEQUALITY: FilterCase[] = [
  {
    behaviour: '$ne keeps records whose value is null',
    filters: { score: { $ne: 5 } },
    expected: ['f01', 'f03', 'f04', 'f06'],
  },
  {
    behaviour: '$ne keeps records whose value is absent',
    filters: { ratio: { $ne: 0 } },
    expected: ['f01', 'f02', 'f03', 'f04', 'f05'],
  },
  {
    behaviour: '$ne true keeps false and null',
    filters: { active: { $ne: true } },
    expected: ['f02', 'f04', 'f05', 'f06'],
  },
  {
    behaviour: '$ne null matches every record with a value',
    filters: { score: { $ne: null } },
    expected: ['f01', 'f02', 'f03', 'f05', 'f06'],
  },
  {
    behaviour: '$ne on a date keeps other dates and absent ones',
    filters: { at: { $ne: new Date('2024-01-01T00:00:00.000Z') } },
    expected: ['f02', 'f03', 'f04', 'f05', 'f06'],
  },
];

const COMPARISON: FilterCase[] = [
  { behaviour: '$gt on integers skips nulls', filters: { score: { $gt: 5 } }, expected: ['f03'] },
  { behaviour: '$gte includes the bound', filters: { score: { $gte: 5 } }, expected: ['f02', 'f03', 'f05'] },
  { behaviour: '$lt skips nulls', filters: { score: { $lt: 5 } }, expected: ['f01', 'f06'] },
  { behaviour: '$lte works with negative numbers', filters: { score: { $lte: -3 } }, expected: ['f06'] },
  {
    behaviour: '$gt 0 on numbers skips zero and absent values',
    filters: { ratio: { $gt: 0 } },
    expected: ['f01', 'f02', 'f05'],
  },
  {
    behaviour: '$lt 0 on numbers finds fractions below zero',
    filters: { ratio: { $lt: 0 } },
    expected: ['f03'],
  },
  {
    behaviour: 'two operators on one field must both hold',
    filters: { score: { $gte: 1, $lt: 10 } },
    expected: ['f01', 'f02', 'f05'],
  },
  {
    behaviour: '$gt compares strings',
    filters: { name: { $gt: 'cherry' } },
    expected: ['f04', 'f05', 'f06'],
  },
  {
    behaviour: '$gte compares enum values as text',
    filters: { kind: { $gte: 'beta' } },
    expected: ['f02', 'f03', 'f05', 'f06'],
  },
  {
    behaviour: '$lte with a Date includes the bound and skips absent dates',
    filters: { at: { $lte: new Date('2024-02-15T12:30:00.000Z') } },
    expected: ['f01', 'f02', 'f05'],
  },
  {
    behaviour: '$gt with a Date tells apart one millisecond',
    filters: { at: { $gt: new Date('2024-02-15T12:30:00.000Z') } },
    expected: ['f03', 'f06'],
  },
  {
    behaviour: 'a date-only ISO string means midnight UTC',
    filters: { at: { $lt: '2024-01-01' } },
    expected: ['f05'],
  },
  {
    behaviour: 'an ISO string with an offset is the instant it names',
    filters: { at: { $gte: '2024-02-15T13:30:00.001+01:00' } },
    expected: ['f03', 'f06'],
  },
];

const MEMBERSHIP: FilterCase[] = [
  {
    behaviour: '$in matches any listed integer',
    filters: { score: { $in: [1, 10] } },
    expected: ['f01', 'f03'],
  },
  {
    behaviour: '$in matches any listed enum value',
    filters: { kind: { $in: ['beta', 'gamma'] } },
    expected: ['f02', 'f03', 'f05', 'f06'],
  },
  {
    behaviour: '$in accepts Dates and ISO strings together',
    filters: { at: { $in: [new Date('2024-02-15T12:30:00.000Z'), '2024-03-31T23:59:59.999Z'] } },
    expected: ['f02', 'f03'],
  },
  {
    behaviour: '$in on booleans does not match null',
    filters: { active: { $in: [false] } },
    expected: ['f02', 'f06'],
  },
  {
    behaviour: '$in on id ignores ids that do not exist',
    filters: { id: { $in: ['f02', 'f05', 'missing'] } },
    expected: ['f02', 'f05'],
  },
  { behaviour: 'an empty $in matches nothing', filters: { name: { $in: [] } }, expected: [] },
  {
    behaviour: '$nin keeps null values',
    filters: { score: { $nin: [5, 10] } },
    expected: ['f01', 'f04', 'f06'],
  },
  {
    behaviour: '$nin keeps absent values',
    filters: { ratio: { $nin: [0.5, 1.5] } },
    expected: ['f03', 'f04', 'f05', 'f06'],
  },
  { behaviour: 'an empty $nin matches every record', filters: { name: { $nin: [] } }, expected: ALL },
];

const NULL_CHECKS: FilterCase[] = [
  { behaviour: '$null true matches a null value', filters: { score: { $null: true } }, expected: ['f04'] },
  { behaviour: '$null true matches an absent value', filters: { at: { $null: true } }, expected: ['f04'] },
  {
    behaviour: '$null false matches every value, false included',
    filters: { active: { $null: false } },
    expected: ['f01', 'f02', 'f03', 'f06'],
  },
  { behaviour: 'an empty array is not null', filters: { tags: { $null: true } }, expected: ['f05'] },
];

const ARRAY_MEMBERSHIP: FilterCase[] = [
  {
    behaviour: '$has matches arrays holding the element',
    filters: { tags: { $has: 'fruit' } },
    expected: ['f01', 'f02', 'f06'],
  },
  {
    behaviour: '$has matches whole elements, not substrings',
    filters: { tags: { $has: 'frui' } },
    expected: [],
  },
  {
    behaviour: '$has matches nothing when no array holds the element',
    filters: { tags: { $has: 'blue' } },
    expected: [],
  },
];

const COMBINATORS: FilterCase[] = [
  {
    behaviour: 'conditions at one level must all hold',
    filters: { kind: 'alpha', score: { $gte: 1 } },
    expected: ['f01'],
  },
  {
    behaviour: '$and requires every child',
    filters: { $and: [{ score: { $gte: 1 } }, { score: { $lte: 5 } }] },
    expected: ['f01', 'f02', 'f05'],
  },
  {
    behaviour: '$or requires any child',
    filters: { $or: [{ name: 'apple' }, { score: 10 }] },
    expected: ['f01', 'f03'],
  },
  {
    behaviour: '$or of null checks',
    filters: { $or: [{ score: null }, { active: null }] },
    expected: ['f04', 'f05'],
  },
  { behaviour: 'an empty $or matches nothing', filters: { $or: [] }, expected: [] },
  { behaviour: 'an empty $and matches everything', filters: { $and: [] }, expected: ALL },
  {
    behaviour: '$not of a comparison includes records whose value is null',
    filters: { $not: { score: { $gt: 1 } } },
    expected: ['f01', 'f04', 'f06'],
  },
  {
    behaviour: '$not of an equality includes null values',
    filters: { $not: { active: true } },
    expected: ['f02', 'f04', 'f05', 'f06'],
  },
  {
    behaviour: '$not of $in includes every other value',
    filters: { $not: { kind: { $in: ['alpha'] } } },
    expected: ['f02', 'f03', 'f05', 'f06'],
  },
  {
    behaviour: '$not of $has includes absent arrays',
    filters: { $not: { tags: { $has: 'red' } } },
    expected: ['f02', 'f04', 'f05', 'f06'],
  },
  {
    behaviour: '$not of $null true matches every value',
    filters: { $not: { score: { $null: true } } },
    expected: ['f01', 'f02', 'f03', 'f05', 'f06'],
  },
  {
    behaviour: '$not of $ne leaves exactly the equal values',
    filters: { $not: { score: { $ne: 5 } } },
    expected: ['f02', 'f05'],
  },
  {
    behaviour: 'a double $not is the original filter',
    filters: { $not: { $not: { score: { $gt: 1 } } } },
    expected: ['f02', 'f03', 'f05'],
  },
  {
    behaviour: '$not of $and is true where any child is false',
    filters: { $not: { $and: [{ kind: 'beta' }, { score: 5 }] } },
    expected: ['f01', 'f03', 'f04', 'f06'],
  },
  {
    behaviour: '$not of $or is true where every child is false, nulls included',
    filters: { $not: { $or: [{ score: { $gt: 4 } }, { active: true }] } },
    expected: ['f04', 'f06'],
  },
  {
    behaviour: 'combinators nest',
    filters: { $or: [{ $and: [{ kind: 'beta' }, { score: 5 }] }, { $not: { score: { $ne: null } } }] },
    expected: ['f02', 'f04', 'f05'],
  },
  {
    behaviour: 'fields and combinators at one level must all hold',
    filters: { kind: { $ne: 'alpha' }, $or: [{ active: false }, { ratio: { $gte: 3 } }] },
    expected: ['f02', 'f05', 'f06'],
  },
];

export function filterCases(ctx: ConformanceContext): void {
  describe('filters', () => {
    const rows = () => ctx.client(ctx.models.filterRow);

    beforeAll(async () => {
      await seedRecords(rows(), FILTER_ROWS);
    });

    const groups: [string, FilterCase[]][] = [
      ['equality', EQUALITY],
      ['inequality ($ne)', INEQUALITY],
      ['comparison ($gt $gte $lt $lte)', COMPARISON],
      ['membership ($in $nin)', MEMBERSHIP],
      ['null checks ($null)', NULL_CHECKS],
      ['array membership ($has)', ARRAY_MEMBERSHIP],
      ['combinators ($and $or $not)', COMBINATORS],
    ];
    for (const [title, cases] of groups) {
      describe(title, () => {
        for (const { behaviour, filters, expected } of cases) {
          it(behaviour, async () => {
            expect(idsOf(await rows().list({ filters }))).toStrictEqual(expected);
          });
        }
      });
    }
  });
}
