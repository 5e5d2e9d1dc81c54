import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, decodeIsonl, encode, encodeIsonl, isonFieldNames } from '../src/index.js';

function mapped(key: string): string | undefined {
  return isonFieldNames([key]).get(key);
}

describe('isonFieldNames: the rule for column names ISON cannot carry', () => {
  it.each(['id', 'count(*)', 'avg_price', 'a#b', 'Ａfield', '😀', 'x-y', "o'brien"])(
    'keeps %j as it is',
    (key) => {
      expect(mapped(key)).toBe(key);
    },
  );

  it.each([
    ['first name', 'first_name'],
    ['a\tb', 'a_b'],
    ['a:b', 'a_b'],
    ['sum(a|b)', 'sum(a_b)'],
    ['owner.name', 'owner_name'],
    ['say "hi"', 'say__hi_'],
    ['back\\slash', 'back_slash'],
    ['#flag', '_flag'],
    ['', '_'],
  ])('rewrites %j as %j', (key, name) => {
    expect(mapped(key)).toBe(name);
  });

  it('appends _2, _3 … when a rewritten name is taken, keeping the column that needed no rewrite', () => {
    const names = isonFieldNames(['first name', 'first_name', 'first:name']);
    expect([...names.entries()]).toEqual([
      ['first name', 'first_name_2'],
      ['first_name', 'first_name'],
      ['first:name', 'first_name_3'],
    ]);
  });

  it('gives every key its own name, whatever the keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 8 }), (keys) => {
        const names = [...isonFieldNames(keys).values()];
        expect(new Set(names).size).toBe(keys.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws while formatting rows, whatever the column names', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 6 }), (keys) => {
        const row = Object.fromEntries(keys.map((key, index) => [key, index]));
        const [block] = decode(encode([row], { name: 'result' }));
        expect(block?.fields.map((field) => field.name)).toEqual(
          keys.map((key) => isonFieldNames(keys).get(key)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('writes a query result with awkward column names under the mapped names', () => {
    const rows = [{ region: 'EU', 'count(*)': 12, 'avg price': 9.5, 'total:usd': 114 }];
    expect(encode(rows, { name: 'report' })).toBe(
      'table.report\nregion count(*) avg_price total_usd\nEU 12 9.5 114',
    );
  });

  it('uses the same names in ISONL', () => {
    const [block] = decodeIsonl(encodeIsonl([{ 'first name': 'Ada' }], { name: 'people' }));
    expect(block?.rows).toEqual([{ first_name: 'Ada' }]);
  });

  it('refuses such a name with INVALID_FIELD_NAME under fieldNames: strict', () => {
    expect(() => encode([{ 'first name': 'Ada' }], { name: 'people', fieldNames: 'strict' })).toThrow(
      expect.objectContaining({ code: 'INVALID_FIELD_NAME' }),
    );
  });

  it('keeps a key that names an Object.prototype member as an ordinary field', () => {
    const rows: Record<string, unknown>[] = [{ constructor: 'x', toString: 'y' }, {}];
    expect(decode(encode(rows, { name: 't' }))[0]?.rows).toEqual([
      { constructor: 'x', toString: 'y' },
      { constructor: null, toString: null },
    ]);
  });

  it('carries a __proto__ key as an own field without touching the prototype', () => {
    const row = JSON.parse('{"__proto__":"p","id":1}') as Record<string, unknown>;
    const decoded = decode(encode([row], { name: 't' }))[0]?.rows[0];
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toBe('p');
  });
});
