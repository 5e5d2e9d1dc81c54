import { describe, expect, it } from 'vitest';
import { encode, encodeBlocks, encodeObject, IsonEncodeError, IsonReference } from '../src/index.js';

const labs = [
  { id: 1, patient: 'Ada Lovelace', test: 'HbA1c', value: 5.4, flagged: false },
  { id: 2, patient: 'Alan Turing', test: 'LDL', value: 162, flagged: true },
];

describe('encode(rows, { name })', () => {
  it('writes one table block: header, field line, one line per row', () => {
    expect(encode(labs, { name: 'labs' })).toBe(
      [
        'table.labs',
        'id patient test value flagged',
        '1 "Ada Lovelace" HbA1c 5.4 false',
        '2 "Alan Turing" LDL 162 true',
      ].join('\n'),
    );
  });

  it('ends without a newline and has no trailing spaces', () => {
    const text = encode([{ a: 'x', b: null }], { name: 't' });
    expect(text.endsWith('\n')).toBe(false);
    expect(text.split('\n').every((line) => line === line.trimEnd())).toBe(true);
  });

  it('takes the fields from every row in first-seen order and writes null for a missing key', () => {
    expect(encode([{ a: 1 }, { b: 2 }], { name: 't' })).toBe('table.t\na b\n1 null\nnull 2');
  });

  it('writes null for null and undefined, never ~', () => {
    expect(encode([{ a: null, b: undefined }], { name: 't' })).toBe('table.t\na b\nnull null');
  });

  it('writes references bare', () => {
    const rows = [{ source: new IsonReference('2'), target: new IsonReference('101', 'user') }];
    expect(encode(rows, { name: 'edges' })).toBe('table.edges\nsource target\n:2 :user:101');
  });

  it('writes an empty result set as the block header alone', () => {
    expect(encode([], { name: 'labs' })).toBe('table.labs');
  });

  it('refuses a block name with whitespace with INVALID_BLOCK_NAME', () => {
    expect(() => encode(labs, { name: 'my labs' })).toThrow(
      expect.objectContaining({ constructor: IsonEncodeError, code: 'INVALID_BLOCK_NAME' }),
    );
  });

  it('refuses an empty block name with INVALID_BLOCK_NAME', () => {
    expect(() => encode(labs, { name: '' })).toThrow(expect.objectContaining({ code: 'INVALID_BLOCK_NAME' }));
  });

  it('says which block name it refused and why', () => {
    expect(() => encode(labs, { name: 'lab\nresults' })).toThrow(
      'Block "table.lab\\nresults" cannot be written: its name contains whitespace or a control character.',
    );
  });

  it('accepts a dot inside a block name (the header splits at the first dot)', () => {
    expect(encode([{ a: 1 }], { name: 'lab.results' })).toBe('table.lab.results\na\n1');
  });
});

describe('encodeObject(record, { name })', () => {
  it('writes a single record as an object block', () => {
    expect(encodeObject({ timeout: 30, debug: true, api_key: 'sk-xxx' }, { name: 'config' })).toBe(
      'object.config\ntimeout debug api_key\n30 true sk-xxx',
    );
  });
});

describe('encodeBlocks(blocks)', () => {
  it('separates blocks with exactly one blank line, in the order given', () => {
    const text = encodeBlocks([
      { kind: 'table', name: 'users', rows: [{ id: 1, name: 'Alice' }] },
      { kind: 'object', name: 'meta', rows: [{ total: 1 }] },
    ]);
    expect(text).toBe('table.users\nid name\n1 Alice\n\nobject.meta\ntotal\n1');
  });

  it('writes the fields exactly as given, type annotations included', () => {
    const text = encodeBlocks([
      {
        kind: 'table',
        name: 'users',
        fields: [{ name: 'id', type: 'int' }, 'name'],
        rows: [{ id: 1, name: 'Al' }],
      },
    ]);
    expect(text).toBe('table.users\nid:int name\n1 Al');
  });

  it('reads a dotted field as a path into nested objects', () => {
    const text = encodeBlocks([
      {
        kind: 'table',
        name: 'deals',
        fields: ['id', 'owner.name'],
        rows: [{ id: 1, owner: { name: 'Ada' } }],
      },
    ]);
    expect(text).toBe('table.deals\nid owner.name\n1 Ada');
  });

  it('writes a summary after a --- line', () => {
    const text = encodeBlocks([
      { kind: 'table', name: 'sales', rows: [{ amount: 100 }], summary: 'total 100' },
    ]);
    expect(text).toBe('table.sales\namount\n100\n---\ntotal 100');
  });

  it('refuses a summary that would not read back as itself', () => {
    expect(() =>
      encodeBlocks([{ kind: 'table', name: 's', rows: [{ a: 1 }], summary: 'two\nlines' }]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SUMMARY' }));
  });

  it('refuses an explicit field name containing a space with INVALID_FIELD_NAME', () => {
    expect(() => encodeBlocks([{ kind: 'table', name: 't', fields: ['first name'], rows: [] }])).toThrow(
      expect.objectContaining({ code: 'INVALID_FIELD_NAME' }),
    );
  });

  it('refuses a field next to a dotted field that would nest inside it', () => {
    expect(() => encodeBlocks([{ kind: 'table', name: 't', fields: ['a', 'a.b'], rows: [] }])).toThrow(
      "Fields 'a' and 'a.b' clash: a dotted name is a path into 'a'.",
    );
  });

  it('refuses a reference whose id contains whitespace with INVALID_REFERENCE', () => {
    expect(() => encode([{ link: new IsonReference('a b') }], { name: 't' })).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' }),
    );
  });

  it('refuses an untyped reference whose id contains a colon, which would read back typed', () => {
    expect(() => encode([{ link: new IsonReference('a:b') }], { name: 't' })).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' }),
    );
  });
});
