import { describe, expect, it } from 'vitest';
import { containsIgnoringCase, escapeRegex, jsonArrayHasString, startsWith } from '../src/regex-text.js';

const METACHARACTERS = '\\^$.|?*+()[]{}/';

describe('regular expressions built from text', () => {
  it('match metacharacters literally, also in unicode mode', () => {
    const text = `a${METACHARACTERS}z`;
    expect(new RegExp(escapeRegex(text), 'u').test(text)).toBe(true);
    expect(new RegExp(escapeRegex('a.c'), 'u').test('abc')).toBe(false);
  });

  it('contains: case-insensitive, anywhere', () => {
    const pattern = containsIgnoringCase('(A|b)');
    expect(pattern.startsWith('(?i)')).toBe(true);
    const regex = new RegExp(pattern.slice(4), 'iu');
    expect(regex.test('xx(a|B)yy')).toBe(true);
    expect(regex.test('a')).toBe(false);
  });

  it('starts with: anchored and case-sensitive', () => {
    const regex = new RegExp(startsWith('Ab.'), 'u');
    expect(regex.test('Ab.c')).toBe(true);
    expect(regex.test('xAb.c')).toBe(false);
    expect(regex.test('ab.c')).toBe(false);
  });

  it('find a string in a JSON array only as a whole item', () => {
    const has = (items: string[], element: string) =>
      new RegExp(jsonArrayHasString(element), 'u').test(JSON.stringify(items));
    expect(has(['a', 'b'], 'b')).toBe(true);
    expect(has(['ab'], 'b')).toBe(false);
    expect(has(['b', 'x'], 'x')).toBe(true);
    expect(has(['a","b'], 'b')).toBe(false);
    expect(has(['a\\', 'b'], 'b')).toBe(true);
    expect(has(['x\\",\\"b'], 'b')).toBe(false);
    expect(has(['quote"d'], 'quote"d')).toBe(true);
    expect(has([], '')).toBe(false);
    expect(has([''], '')).toBe(true);
  });
});
