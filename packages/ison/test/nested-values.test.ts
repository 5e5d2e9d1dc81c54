import { describe, expect, it } from 'vitest';
import { decode, decodeIsonl, encode, encodeBlocks, encodeIsonl, IsonDecodeError } from '../src/index.js';

describe('nested values', () => {
  it('writes arrays and objects as compact JSON in a :json field', () => {
    const rows = [{ id: 1, tags: ['a', 'b'], meta: { score: 3 } }];
    expect(encode(rows, { name: 't' })).toBe('table.t\nid tags:json meta:json\n1 ["a","b"] {"score":3}');
  });

  it('reads them back as the same arrays and objects', () => {
    const rows = [{ id: 1, tags: ['a', 'b'], meta: { score: 3, deep: [{ x: null }] } }];
    expect(decode(encode(rows, { name: 't' }))[0]?.rows).toEqual(rows);
  });

  it('keeps spaces and pipes inside JSON strings from splitting the value', () => {
    const rows = [{ note: { text: 'two words | one pipe' } }];
    const text = encodeIsonl(rows, { name: 't' });
    expect(text).toBe('table.t|note:json|{"text":"two\\u0020words\\u0020\\u007c\\u0020one\\u0020pipe"}');
    expect(decodeIsonl(text)[0]?.rows).toEqual(rows);
  });

  it('quotes a string starting with [ in a :json field so it stays a string', () => {
    const rows = [{ v: [1] }, { v: '[1]' }];
    expect(encode(rows, { name: 't' })).toBe('table.t\nv:json\n[1]\n"[1]"');
    expect(decode(encode(rows, { name: 't' }))[0]?.rows).toEqual(rows);
  });

  it('declares the column :json when the first nested value comes after other rows', () => {
    const rows = [{ v: '{x}' }, { v: null }, { v: { a: [1] } }];
    expect(encode(rows, { name: 't' })).toBe('table.t\nv:json\n"{x}"\nnull\n{"a":[1]}');
    expect(decode(encode(rows, { name: 't' }))[0]?.rows).toEqual(rows);
  });

  it('leaves scalars in a :json field as plain values', () => {
    const rows = [{ v: { a: 1 } }, { v: 2 }, { v: 'x' }, { v: null }];
    expect(encode(rows, { name: 't' })).toBe('table.t\nv:json\n{"a":1}\n2\nx\nnull');
  });

  it('reads a bare [ value in a field without :json as a string, as the spec says', () => {
    expect(decode('table.t\nv\n[1,2]')[0]?.rows[0]?.v).toBe('[1,2]');
  });

  it('honours toJSON, as JSON.stringify does', () => {
    const money = { toJSON: () => '12.50' };
    expect(encode([{ price: money }], { name: 't' })).toBe('table.t\nprice\n"12.50"');
  });

  it('refuses a nested value in a field annotated with another type', () => {
    expect(() =>
      encodeBlocks([
        { kind: 'table', name: 't', fields: [{ name: 'v', type: 'string' }], rows: [{ v: [1] }] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'UNREPRESENTABLE_VALUE' }));
  });

  it('refuses a cyclic value with UNREPRESENTABLE_VALUE', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encode([{ v: cyclic }], { name: 't' })).toThrow(
      expect.objectContaining({ code: 'UNREPRESENTABLE_VALUE' }),
    );
  });

  it('reads dotted fields into nested objects', () => {
    const [block] = decode('table.deals\nid owner.name owner.email\n1 Ada ada@example.com');
    expect(block?.rows[0]).toEqual({ id: 1, owner: { name: 'Ada', email: 'ada@example.com' } });
  });

  it('reports invalid JSON in a :json field with its line and column', () => {
    expect(() => decode('table.t\nid v:json\n1 {oops')).toThrow(
      expect.objectContaining({ constructor: IsonDecodeError, line: 3, column: 3 }),
    );
  });
});
