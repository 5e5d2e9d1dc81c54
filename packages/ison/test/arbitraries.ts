import fc from 'fast-check';
import { type IsonJson, isonFieldNames } from '../src/index.js';

/** Strings that break naive writers: lookalikes of every other ISON token, and characters that split rows. */
export const hostileStrings = [
  '---x',
  '---',
  'TRUE',
  'True',
  'FALSE',
  'Null',
  'NULL',
  'null',
  'true',
  '~',
  '1e5',
  '1E5',
  '1e-7',
  'NaN',
  'nan',
  'inf',
  '-Infinity',
  '+1',
  '-0',
  '0',
  '007',
  '1.',
  '.5',
  '1_000',
  '0x1F',
  'table.x',
  'object.users',
  'a.b',
  ':ref',
  ':a:b',
  ':',
  '#tag',
  '#',
  '[1,2]',
  '{"a":1}',
  ' lead',
  'trail ',
  ' ',
  '\u00a0nbsp',
  'ideographic\u3000space',
  'line\u2028separator',
  '\ufeffbom',
  '"quoted"',
  '"',
  "'",
  'back\\slash',
  '\\',
  'ends\\',
  'line\nbreak',
  '\r\n',
  'tab\tbed',
  'a|b',
  '|',
  '😀',
  '👩‍👩‍👧',
  'Ａfield',
  '\u0000',
  '\u0085',
  '\u001b[31m',
  '',
];

export const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.string({ unit: 'binary' }),
  fc
    .array(fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ unit: 'grapheme' })), { maxLength: 4 })
    .map((parts) => parts.join('')),
);

export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(
    -0,
    0.1,
    1e21,
    1e-7,
    2 ** 53,
    -(2 ** 53) + 1,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON,
  ),
);

export const anyDate: fc.Arbitrary<Date> = fc.date({ noInvalidDate: true });

/** JSON values as JSON carries them (no −0). */
export const anyJson: fc.Arbitrary<IsonJson> = fc
  .jsonValue()
  .map((value) => JSON.parse(JSON.stringify(value)) as IsonJson);

/** Field names the writer keeps exactly as they are. */
export const carriedKey: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
    fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/),
  )
  .filter((key) => key !== '__proto__' && isonFieldNames([key]).get(key) === key);

const columnKinds = ['string', 'number', 'boolean', 'date', 'nested', 'mixed'] as const;
export type ColumnKind = (typeof columnKinds)[number];

function columnValue(kind: ColumnKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string':
      return anyString;
    case 'number':
      return anyNumber;
    case 'boolean':
      return fc.boolean();
    case 'date':
      return anyDate;
    case 'nested':
      return anyJson;
    case 'mixed':
      return fc.oneof(anyString, anyNumber, fc.boolean(), anyJson);
  }
}

export interface RecordSet {
  readonly rows: Record<string, unknown>[];
  readonly dateFields: string[];
}

/** Rows sharing one set of columns, each column of one kind, any cell possibly null. */
export const recordSet: fc.Arbitrary<RecordSet> = fc
  .uniqueArray(fc.tuple(carriedKey, fc.constantFrom(...columnKinds)), {
    minLength: 1,
    maxLength: 6,
    selector: ([key]) => key,
  })
  .chain((columns) =>
    fc
      .array(fc.tuple(...columns.map(([, kind]) => fc.option(columnValue(kind), { nil: null, freq: 5 }))), {
        maxLength: 8,
      })
      .map((cellRows) => ({
        rows: cellRows.map((cells) => Object.fromEntries(columns.map(([key], index) => [key, cells[index]]))),
        dateFields: columns.filter(([, kind]) => kind === 'date').map(([key]) => key),
      })),
  );
