import { looksLikeBlockHeader } from './block-header.js';

/** The two text forms share value syntax but differ in a few quoting rules. */
export type TextForm = 'ison' | 'isonl';

// Whitespace (Unicode included), quote, backslash and control characters
// cannot appear in a bare token; ISONL adds its section delimiter.
const UNSAFE_IN_ISON = /[\s"\\\p{Cc}]/u;
const UNSAFE_IN_ISONL = /[\s"\\|\p{Cc}]/u;
const ESCAPED_IN_ISON = /[\\"\n\t\r]/;
const ESCAPED_IN_ISONL = /[\\"\n\t\r|]/;
const EACH_ESCAPED_IN_ISON = new RegExp(ESCAPED_IN_ISON.source, 'g');
const EACH_ESCAPED_IN_ISONL = new RegExp(ESCAPED_IN_ISONL.source, 'g');

// Spellings that some ISON port reads as a boolean or null.
const KEYWORD = /^(?:true|false|null|~)$/i;
// Anything some port (or Python's float()) reads as a number: signs,
// exponents, `.5`, `1_000`, hex/octal/binary, NaN and infinities.
const NUMBER_LIKE =
  /^[+-]?(?:(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[+-]?\d[\d_]*)?|nan|inf|infinity|0x[\da-f_]+|0o[0-7_]+|0b[01_]+)$/i;

/**
 * Writes a string value, quoting it when a bare token would read back as
 * something else. `jsonField` marks a `:json` column, where a bare `[` or `{`
 * starts a JSON value.
 */
export function writeString(value: string, form: TextForm, jsonField: boolean): string {
  return needsQuotes(value, form, jsonField) ? quote(value, form) : value;
}

function needsQuotes(value: string, form: TextForm, jsonField: boolean): boolean {
  if (value === '') return true;
  if ((form === 'ison' ? UNSAFE_IN_ISON : UNSAFE_IN_ISONL).test(value)) return true;
  const first = value.charCodeAt(0);
  switch (first) {
    case 0x23: // '#' starts a comment
    case 0x3a: // ':' starts a reference
      return true;
    case 0x5b: // '['
    case 0x7b: // '{'
      return jsonField;
    case 0x2d: // '-': a first-column '---' is read as a summary separator
      if (form === 'ison' && value.startsWith('---')) return true;
  }
  // The remaining checks only apply to a few first characters and lengths;
  // testing those first keeps ordinary words off the regular expressions.
  return (
    (value.length <= 5 && KEYWORD.test(value)) ||
    (mayLookNumeric(first) && NUMBER_LIKE.test(value)) ||
    (form === 'ison' && value.includes('.') && looksLikeBlockHeader(value))
  );
}

// Digits, sign, point, and the n/i of nan/inf/infinity.
function mayLookNumeric(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x6e ||
    code === 0x4e ||
    code === 0x69 ||
    code === 0x49
  );
}

function quote(value: string, form: TextForm): string {
  const escaped = form === 'ison' ? ESCAPED_IN_ISON : ESCAPED_IN_ISONL;
  if (!escaped.test(value)) return `"${value}"`;
  return `"${value.replace(form === 'ison' ? EACH_ESCAPED_IN_ISON : EACH_ESCAPED_IN_ISONL, escapeOf)}"`;
}

function escapeOf(character: string): string {
  switch (character) {
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    case '\r':
      return '\\r';
    default:
      return `\\${character}`;
  }
}
