// A nested value in a `:json` field is written as one bare token of compact
// JSON. Whitespace and `|` can only occur inside JSON strings, where `\uXXXX`
// spells the same character, so escaping them keeps the token unbroken in
// both ISON rows and ISONL sections.
const BREAKS_A_TOKEN = /[\s|]/g;

/** Compact JSON for `value` as a single bare token, or `undefined` when JSON has no spelling for it. */
export function jsonToken(value: unknown): string | undefined {
  const text = JSON.stringify(value, bigintAsString);
  return text === undefined ? undefined : text.replace(BREAKS_A_TOKEN, unicodeEscape);
}

/** Whether a bare token in a `:json` field is JSON text rather than a plain value. */
export function isJsonToken(token: string): boolean {
  const first = token.charCodeAt(0);
  return first === 0x5b || first === 0x7b;
}

function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

// JSON has no bigint; its digits as a string keep every one of them.
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
