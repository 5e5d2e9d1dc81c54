import { describe, expect, it } from 'vitest';
import { decode, IsonReference } from '../src/index.js';

describe('decode(text)', () => {
  it('returns each block with its kind, name, fields and rows of typed values', () => {
    expect(decode('table.users\nid name active score\n1 Alice true 9.5\n2 "Bob B" false null')).toEqual([
      {
        kind: 'table',
        name: 'users',
        fields: [{ name: 'id' }, { name: 'name' }, { name: 'active' }, { name: 'score' }],
        rows: [
          { id: 1, name: 'Alice', active: true, score: 9.5 },
          { id: 2, name: 'Bob B', active: false, score: null },
        ],
      },
    ]);
  });

  it('keeps type annotations on the fields and out of the row keys', () => {
    const [block] = decode('table.t\nid:int total:computed\n1 99');
    expect(block?.fields).toEqual([
      { name: 'id', type: 'int' },
      { name: 'total', type: 'computed' },
    ]);
    expect(block?.rows).toEqual([{ id: 1, total: 99 }]);
  });

  it('reads :id and :type:id as references', () => {
    const [block] = decode('table.edges\nsource rel\n:2 :MEMBER_OF:7');
    expect(block?.rows[0]).toEqual({
      source: new IsonReference('2'),
      rel: new IsonReference('7', 'MEMBER_OF'),
    });
    expect(block?.rows[0]?.rel).toBeInstanceOf(IsonReference);
  });

  it('reads both null spellings, null and ~, as null, and a quoted "~" as the string', () => {
    expect(decode('table.t\na b c\nnull ~ "~"')[0]?.rows[0]).toEqual({ a: null, b: null, c: '~' });
  });

  it('reads strings the spec leaves as strings: 1e5, inf, TRUE, emails, ISO dates', () => {
    expect(decode('table.t\na b c d e\n1e5 inf TRUE a@b.co 2024-01-02')[0]?.rows[0]).toEqual({
      a: '1e5',
      b: 'inf',
      c: 'TRUE',
      d: 'a@b.co',
      e: '2024-01-02',
    });
  });

  it('fills missing trailing values with null', () => {
    expect(decode('table.t\na b c\n1')[0]?.rows[0]).toEqual({ a: 1, b: null, c: null });
  });

  it('unescapes \\" \\\\ \\n \\t \\r \\| and reads any other \\X as X', () => {
    expect(decode('table.t\nv\n"q\\" b\\\\ n\\n t\\t r\\r p\\| x\\y"')[0]?.rows[0]?.v).toBe(
      'q" b\\ n\n t\t r\r p| xy',
    );
  });

  it('accepts CRLF line endings and leaves no carriage return behind', () => {
    expect(decode('table.edges\r\nsource target\r\n1 :node:2\r\n')[0]?.rows[0]).toEqual({
      source: 1,
      target: new IsonReference('2', 'node'),
    });
  });

  it('ignores a leading byte order mark', () => {
    expect(decode('\ufefftable.t\na\n1')[0]?.name).toBe('t');
  });

  it('skips comment lines and ends a row at an unquoted #', () => {
    const [block] = decode('# users\ntable.t\na b\n# a comment\n1 2 # trailing\n"#3" 4');
    expect(block?.rows).toEqual([
      { a: 1, b: 2 },
      { a: '#3', b: 4 },
    ]);
  });

  it('separates blocks at blank lines', () => {
    expect(decode('table.a\nx\n1\n\n\nobject.b\ny\n2').map((block) => `${block.kind}.${block.name}`)).toEqual(
      ['table.a', 'object.b'],
    );
  });

  it('starts a new block at a bare kind.name line even without a blank line', () => {
    expect(decode('table.a\nx\n1\ntable.b\ny\n2').map((block) => block.rows)).toEqual([
      [{ x: 1 }],
      [{ y: 2 }],
    ]);
  });

  it('reads the line after --- as the summary, raw', () => {
    const [block] = decode('table.sales\nid amount\n1 100\n---\ntotal 300');
    expect(block?.summary).toBe('total 300');
    expect(block?.rows).toEqual([{ id: 1, amount: 100 }]);
  });

  it('has no summary key when the block has no summary', () => {
    expect(decode('table.t\na\n1')[0]).not.toHaveProperty('summary');
  });

  it('reads a header alone as an empty block', () => {
    expect(decode('table.labs')).toEqual([{ kind: 'table', name: 'labs', fields: [], rows: [] }]);
  });

  it('reads a field line with no rows as a block without rows', () => {
    expect(decode('table.labs\nid value')[0]?.rows).toEqual([]);
  });

  it('splits the header at the first dot, so a name may hold dots', () => {
    expect(decode('table.lab.results\na\n1')[0]?.name).toBe('lab.results');
  });

  it('reads an empty document as no blocks', () => {
    expect(decode('')).toEqual([]);
  });

  it('accepts tabs between values', () => {
    expect(decode('table.t\na\tb\n1\t"x y"')[0]?.rows[0]).toEqual({ a: 1, b: 'x y' });
  });
});
