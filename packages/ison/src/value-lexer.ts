import { IsonDecodeError } from './ison-errors.js';

/** A value as it appears in a row: its text (unescaped if quoted) and where it starts (1-based column). */
export interface ValueToken {
  readonly text: string;
  readonly quoted: boolean;
  readonly column: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const HASH = 0x23;
const BACKSLASH = 0x5c;

/**
 * Splits a row into values separated by spaces or tabs. An unquoted value
 * starting with `#` begins a comment that runs to the end of the line.
 * `offset` is where `text` starts in its line, 0-based (ISONL sections).
 */
export function lexValues(text: string, line: number, offset = 0): ValueToken[] {
  const tokens: ValueToken[] = [];
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === SPACE || code === TAB) {
      index++;
      continue;
    }
    if (code === HASH) break;
    const start = index;
    if (code === QUOTE) {
      const quoted = readQuoted(text, start, line, offset);
      index = quoted.end;
      if (index < text.length && !isSeparator(text.charCodeAt(index))) {
        throw new IsonDecodeError(
          'expected a space or tab after the closing quote',
          line,
          offset + index + 1,
        );
      }
      tokens.push({ text: quoted.value, quoted: true, column: offset + start + 1 });
      continue;
    }
    while (index < text.length && !isSeparator(text.charCodeAt(index))) index++;
    tokens.push({ text: text.slice(start, index), quoted: false, column: offset + start + 1 });
  }
  return tokens;
}

/** The index just past the quoted string opening at `open`, or the text's length when it never closes. */
export function skipQuoted(text: string, open: number): number {
  for (let index = open + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) return index + 1;
    if (code === BACKSLASH) index++;
  }
  return text.length;
}

function isSeparator(code: number): boolean {
  return code === SPACE || code === TAB;
}

function readQuoted(
  text: string,
  open: number,
  line: number,
  offset: number,
): { value: string; end: number } {
  let value = '';
  let runStart = open + 1;
  for (let index = open + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) return { value: value + text.slice(runStart, index), end: index + 1 };
    if (code !== BACKSLASH) continue;
    if (index + 1 === text.length) {
      throw new IsonDecodeError(
        'the line ends in the middle of an escape (a lone backslash)',
        line,
        offset + index + 1,
      );
    }
    value += text.slice(runStart, index) + unescaped(text.charAt(index + 1));
    index++;
    runStart = index + 1;
  }
  throw new IsonDecodeError(
    'a quoted value is not closed (quoted values cannot span lines)',
    line,
    offset + open + 1,
  );
}

// `\n` `\t` `\r` name control characters; any other `\X` (`\"`, `\\`, `\|`) stands for X.
function unescaped(character: string): string {
  switch (character) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return character;
  }
}
