import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareRecords, matchesFilter, validateFilter } from '../src/spi.js';
import { Account } from './support/models.js';

const acme = { id: 'a', name: 'Acme', status: 'active', employees: 10, tags: ['vip'] };
const globex = { id: 'b', name: 'Globex', status: 'inactive', tags: [] };

const matches = (filter: Parameters<typeof validateFilter>[1], row: Record<string, unknown>) =>
  matchesFilter(validateFilter(Account, filter), row);

describe('matchesFilter (the reference semantics)', () => {
  it('fails comparisons on a missing value', () => {
    expect(matches({ employees: { $gt: 0 } }, globex)).toBe(false);
    expect(matches({ employees: { $lte: 100 } }, globex)).toBe(false);
  });

  it('passes $ne and $nin on a missing value', () => {
    expect(matches({ employees: { $ne: 10 } }, globex)).toBe(true);
    expect(matches({ employees: { $nin: [10] } }, globex)).toBe(true);
  });

  it('makes $not the exact complement, even over missing values', () => {
    expect(matches({ $not: { employees: { $gt: 0 } } }, globex)).toBe(true);
    expect(matches({ $not: { employees: { $gt: 0 } } }, acme)).toBe(false);
  });

  it('matches $has against array elements', () => {
    expect(matches({ tags: { $has: 'vip' } }, acme)).toBe(true);
    expect(matches({ tags: { $has: 'vip' } }, globex)).toBe(false);
  });

  it('matches $icontains case-insensitively, including non-ASCII', () => {
    expect(matches({ name: { $icontains: 'CM' } }, acme)).toBe(true);
    expect(
      matchesFilter(
        { kind: 'text', field: 'name', op: 'icontains', value: 'école' },
        { id: 'x', name: 'GRANDE ÉCOLE' },
      ),
    ).toBe(true);
  });

  it('matches $startsWith case-sensitively', () => {
    expect(matches({ name: { $startsWith: 'Ac' } }, acme)).toBe(true);
    expect(matches({ name: { $startsWith: 'ac' } }, acme)).toBe(false);
  });
});

describe('ordering', () => {
  it('compares strings by code point, not UTF-16 unit', () => {
    expect(compareCodePoints('\u{FFFF}', '😀')).toBe(-1);
    expect('\u{FFFF}' < '😀').toBe(false);
    expect(compareCodePoints('B', 'a')).toBe(-1);
  });

  it('puts missing values last ascending and first descending, then orders by id', () => {
    const rows = [globex, acme, { ...acme, id: 'c' }];
    const asc = [...rows].sort((a, b) => compareRecords(a, b, [{ field: 'employees', direction: 'asc' }]));
    expect(asc.map((row) => row.id)).toEqual(['a', 'c', 'b']);
    const desc = [...rows].sort((a, b) => compareRecords(a, b, [{ field: 'employees', direction: 'desc' }]));
    expect(desc.map((row) => row.id)).toEqual(['b', 'a', 'c']);
  });
});
