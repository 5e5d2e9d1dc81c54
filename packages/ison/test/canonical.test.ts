import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, encodeBlocks, encodeBlocksIsonl, type IsonBlockInput } from '../src/index.js';
import { recordSet } from './arbitraries.js';

describe('canonical form (ISONCS)', () => {
  it('puts id first and sorts the other fields by UTF-8 bytes', () => {
    const rows = [{ '😀field': 1, Ａfield: 2, id: 3, active: true }];
    expect(encode(rows, { name: 't', canonical: true }).split('\n')[1]).toBe('id active Ａfield 😀field');
  });

  it('sorts rows by their text, not numerically: 1, 10, 2', () => {
    const rows = [{ id: 10 }, { id: 2 }, { id: 1 }];
    expect(encode(rows, { name: 't', canonical: true })).toBe('table.t\nid\n1\n10\n2');
  });

  it('sorts rows with a null key after the others', () => {
    const rows = [
      { id: null, v: 'a' },
      { id: 'b', v: 'b' },
    ];
    expect(encode(rows, { name: 't', canonical: true })).toBe('table.t\nid v\nb b\nnull a');
  });

  it('orders rows whose texts tie (the string "1" and the number 1) the same way whatever the input order', () => {
    const a = encode([{ v: '1' }, { v: 1 }], { name: 't', canonical: true });
    const b = encode([{ v: 1 }, { v: '1' }], { name: 't', canonical: true });
    expect(a).toBe(b);
  });

  it('sorts blocks by kind.name and leaves out blocks without rows', () => {
    const blocks: IsonBlockInput[] = [
      { kind: 'table', name: 'users', rows: [{ id: 1 }] },
      { kind: 'table', name: 'empty', rows: [] },
      { kind: 'object', name: 'meta', rows: [{ v: 1 }] },
    ];
    expect(encodeBlocks(blocks, { canonical: true })).toBe('object.meta\nv\n1\n\ntable.users\nid\n1');
  });

  it('gives the same bytes for any order of rows, fields and blocks', () => {
    fc.assert(
      fc.property(recordSet, recordSet, ({ rows: users }, { rows: posts }) => {
        const reordered = (rows: Record<string, unknown>[]) =>
          [...rows].reverse().map((row) => Object.fromEntries(Object.entries(row).reverse()));
        const forwards = encodeBlocks(
          [
            { kind: 'table', name: 'users', rows: users },
            { kind: 'table', name: 'posts', rows: posts },
          ],
          { canonical: true },
        );
        const backwards = encodeBlocks(
          [
            { kind: 'table', name: 'posts', rows: reordered(posts) },
            { kind: 'table', name: 'users', rows: reordered(users) },
          ],
          { canonical: true },
        );
        expect(backwards).toBe(forwards);
      }),
      { numRuns: 200 },
    );
  });

  it('is idempotent: canonical text read and written canonically again is unchanged', () => {
    fc.assert(
      fc.property(recordSet, ({ rows }) => {
        const once = encode(rows, { name: 't', canonical: true });
        expect(encodeBlocks(decode(once), { canonical: true })).toBe(once);
      }),
      { numRuns: 200 },
    );
  });

  it('orders ISONL rows as it orders ISON rows', () => {
    const rows = [{ v: 'a b' }, { v: 'a' }, { v: 'table.x' }];
    const ison = encode(rows, { name: 't', canonical: true }).split('\n').slice(2);
    const isonl = encodeBlocksIsonl([{ kind: 'table', name: 't', rows }], { canonical: true })
      .split('\n')
      .map((line) => line.slice('table.t|v|'.length));
    expect(ison).toEqual(['a', '"a b"', '"table.x"']);
    expect(isonl).toEqual(['a', '"a b"', 'table.x']);
  });

  it('keeps the summary', () => {
    const text = encodeBlocks(
      [{ kind: 'table', name: 's', rows: [{ a: 2 }, { a: 1 }], summary: 'total 3' }],
      {
        canonical: true,
      },
    );
    expect(text).toBe('table.s\na\n1\n2\n---\ntotal 3');
  });
});
