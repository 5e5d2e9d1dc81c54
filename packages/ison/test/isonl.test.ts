import { describe, expect, it } from 'vitest';
import { decodeIsonl, encodeBlocksIsonl, encodeIsonl, IsonEncodeError, IsonReference } from '../src/index.js';

describe('ISONL', () => {
  it('writes one kind.name|fields|values line per row', () => {
    expect(
      encodeIsonl(
        [
          { id: 1, name: 'Ada L' },
          { id: 2, name: 'Alan' },
        ],
        { name: 'users' },
      ),
    ).toBe('table.users|id name|1 "Ada L"\ntable.users|id name|2 Alan');
  });

  it('reads lines back into one block per kind.name, in first-seen order', () => {
    const blocks = decodeIsonl('table.users|id|1\ntable.edges|src|:1\ntable.users|id|2');
    expect(blocks.map((block) => [block.name, block.rows])).toEqual([
      ['users', [{ id: 1 }, { id: 2 }]],
      ['edges', [{ src: new IsonReference('1') }]],
    ]);
  });

  it('does not split at a | inside a quoted value', () => {
    expect(decodeIsonl('table.t|a b|"x\\|y" "p|q"')[0]?.rows[0]).toEqual({ a: 'x|y', b: 'p|q' });
  });

  it('reads each line with its own fields, and gives the block the union of them', () => {
    const [block] = decodeIsonl('table.t|a|1\ntable.t|b a|2 3');
    expect(block?.fields).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(block?.rows).toEqual([{ a: 1 }, { b: 2, a: 3 }]);
  });

  it('skips blank lines and comments', () => {
    expect(decodeIsonl('# header\n\ntable.t|a|1\n')[0]?.rows).toEqual([{ a: 1 }]);
  });

  it('drops summaries, which ISONL has no place for', () => {
    expect(encodeBlocksIsonl([{ kind: 'table', name: 's', rows: [{ a: 1 }], summary: 'total 1' }])).toBe(
      'table.s|a|1',
    );
  });

  it('writes no line for a block without rows', () => {
    expect(encodeIsonl([], { name: 'empty' })).toBe('');
  });

  it('refuses a block name holding a quote, which the raw envelope cannot carry', () => {
    expect(() => encodeIsonl([{ a: 1 }], { name: 'say"hi' })).toThrow(
      expect.objectContaining({ constructor: IsonEncodeError, code: 'INVALID_BLOCK_NAME' }),
    );
  });

  it('refuses a reference holding |, which ISON can write but ISONL cannot', () => {
    expect(() => encodeIsonl([{ link: new IsonReference('a|b', 'p') }], { name: 't' })).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' }),
    );
  });

  it('keeps type annotations in the fields section', () => {
    expect(
      encodeBlocksIsonl([
        { kind: 'table', name: 't', fields: [{ name: 'id', type: 'int' }], rows: [{ id: 1 }] },
      ]),
    ).toBe('table.t|id:int|1');
  });
});
