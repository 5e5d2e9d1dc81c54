import { describe, expect, it } from 'vitest';
import { decode, encode, encodeIsonl } from '../src/index.js';

/** The token a single string value is written as. */
function written(value: string): string {
  return encode([{ v: value }], { name: 't' }).split('\n')[2]!;
}

function writtenInIsonl(value: string): string {
  return encodeIsonl([{ v: value }], { name: 't' }).slice('table.t|v|'.length);
}

describe('string quoting', () => {
  it.each([
    'Alice',
    'alice@example.com',
    'a.b.c',
    'co-op',
    '2024-01-02T03:04:05.000Z',
    '😀',
    'Ａfield',
    'a|b',
  ])('leaves %j bare', (value) => {
    expect(written(value)).toBe(value);
  });

  it.each([
    ['', '""'],
    ['has space', '"has space"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['\u00a0nbsp', '"\u00a0nbsp"'],
    ['ideographic\u3000space', '"ideographic\u3000space"'],
    ['\u0000', '"\u0000"'],
    ['\u0085', '"\u0085"'],
  ])('quotes %j because it holds whitespace or a control character (or is empty)', (value, token) => {
    expect(written(value)).toBe(token);
  });

  it.each(['---x', '---'])(
    'quotes %j, which in the first column would read as a summary separator',
    (value) => {
      expect(written(value)).toBe(`"${value}"`);
    },
  );

  it.each(['true', 'false', 'null', '~', 'TRUE', 'True', 'FALSE', 'Null', 'NULL'])(
    'quotes %j, which some reader takes for a boolean or null',
    (value) => {
      expect(written(value)).toBe(`"${value}"`);
    },
  );

  it.each([
    '123',
    '-0',
    '007',
    '3.14',
    '1e5',
    '1E5',
    '-2.5e-3',
    'NaN',
    'nan',
    'inf',
    '-Infinity',
    '+1',
    '.5',
    '1.',
    '1_000',
    '0x1F',
  ])('quotes %j, which some reader takes for a number', (value) => {
    expect(written(value)).toBe(`"${value}"`);
  });

  it.each(['#tag', '#', ':ref', ':a:b', ':'])(
    'quotes %j, which would read as a comment or a reference',
    (value) => {
      expect(written(value)).toBe(`"${value}"`);
    },
  );

  it.each(['table.x', 'object.users', 'a.b', 'my_kind.my-name'])(
    'quotes %j, which alone on a line would start a new block',
    (value) => {
      expect(written(value)).toBe(`"${value}"`);
    },
  );

  it('escapes backslash, quote, newline, tab and carriage return', () => {
    expect(written('a\\b"c\nd\te\rf')).toBe('"a\\\\b\\"c\\nd\\te\\rf"');
  });

  it('reads every hostile string back as itself', () => {
    const values = [
      '---x',
      'TRUE',
      '1e5',
      'NaN',
      '-0',
      'table.x',
      ':ref',
      '#tag',
      ' x ',
      'q"uo\\te',
      'l\nb',
      '~',
      '',
    ];
    const [block] = decode(
      encode(
        values.map((v) => ({ v })),
        { name: 't' },
      ),
    );
    expect(block?.rows.map((row) => row.v)).toEqual(values);
  });
});

describe('string quoting in ISONL', () => {
  it('quotes a value holding | and escapes the pipe', () => {
    expect(writtenInIsonl('a|b')).toBe('"a\\|b"');
  });

  it('leaves a header lookalike bare, as no ISONL line starts with a value', () => {
    expect(writtenInIsonl('table.users')).toBe('table.users');
  });

  it('leaves a --- value bare, as ISONL has no summaries', () => {
    expect(writtenInIsonl('---x')).toBe('---x');
  });
});
