import type { FieldKind } from '@sqh/core/spi';
import type { TableMapping } from './table-mapping.js';
import { formatTimestamp } from './timestamp-format.js';

const NULL_FIELD = '\\N';
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g;
/** Characters that need work inside a quoted array element, at either level of escaping. */
const ELEMENT_SPECIAL = /[\\"\n\r\t]/;

/** Backslash, tab and line breaks are COPY's delimiters and escapes; everything else passes through. */
export function escapeCopyText(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL_ALL, (char) => COPY_ESCAPES[char]!) : text;
}

/**
 * A text[] value as a COPY field: an array literal (`{"a","b\\"c"}`) with
 * COPY's escaping applied on top. Every element is quoted, so commas, braces,
 * spaces, empty strings and the word NULL stay data; elements without special
 * characters skip both escapings.
 */
export function copyArrayField(values: readonly string[]): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    const element = ELEMENT_SPECIAL.test(value) ? escapeCopyText(value.replace(/[\\"]/g, '\\$&')) : value;
    literal += `${index === 0 ? '"' : ',"'}${element}"`;
  }
  return `${literal}}`;
}

/** Numeric codes for a switch: one monomorphic loop instead of a call per field through a table of closures. */
enum Encoding {
  Text,
  Number,
  Boolean,
  Timestamp,
  TextArray,
  Json,
}

const ENCODING: Readonly<Record<FieldKind, Encoding>> = {
  string: Encoding.Text,
  enum: Encoding.Text,
  integer: Encoding.Number,
  number: Encoding.Number,
  boolean: Encoding.Boolean,
  date: Encoding.Timestamp,
  stringArray: Encoding.TextArray,
  json: Encoding.Json,
};

function encodeField(encoding: Encoding, value: unknown): string {
  switch (encoding) {
    case Encoding.Text:
      return escapeCopyText(value as string);
    case Encoding.Number:
      return String(value);
    case Encoding.Boolean:
      return value ? 't' : 'f';
    case Encoding.Timestamp:
      return formatTimestamp(value as Date);
    case Encoding.TextArray:
      return copyArrayField(value as readonly string[]);
    case Encoding.Json:
      return escapeCopyText(JSON.stringify(value));
  }
}

/** Encodes rows as COPY text-format lines, in `mapping.columns` order (the id first). */
export function copyLineEncoder(
  mapping: TableMapping,
): (row: Readonly<Record<string, unknown>>, id: string) => string {
  const fields = mapping.columns.slice(1);
  const names = fields.map((column) => column.name);
  const encodings = fields.map((column) => ENCODING[column.kind]);
  return (row, id) => {
    let line = escapeCopyText(id);
    for (let index = 0; index < names.length; index++) {
      const value = row[names[index]!];
      line += `\t${value === null || value === undefined ? NULL_FIELD : encodeField(encodings[index]!, value)}`;
    }
    return `${line}\n`;
  };
}
