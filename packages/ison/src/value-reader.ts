import { IsonReference } from './ison-reference.js';
import type { IsonScalar } from './value-types.js';

const INTEGER = /^-?[0-9]+$/;
const FLOAT = /^-?[0-9]+\.[0-9]+$/;

/**
 * Reads an unquoted value, in the spec's order: `true`/`false`; `null` or
 * `~`; integer; float; `:id` / `:type:id` reference; anything else is a string
 * (so `1e5`, `inf`, `TRUE`, emails and ISO dates stay strings).
 */
export function readBareValue(text: string): IsonScalar {
  switch (text) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
    case '~':
      return null;
  }
  const first = text.charCodeAt(0);
  if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
    if (INTEGER.test(text)) return readInteger(text);
    if (FLOAT.test(text)) return Number(text);
  }
  if (first === 0x3a && text.length > 1) return readReference(text);
  return text;
}

// An integer a double cannot hold exactly comes back as a bigint, digit for digit.
function readInteger(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

// `:type:id` splits at the first colon after the leading one.
function readReference(text: string): IsonReference {
  const colon = text.indexOf(':', 1);
  return colon === -1
    ? new IsonReference(text.slice(1))
    : new IsonReference(text.slice(colon + 1), text.slice(1, colon));
}
