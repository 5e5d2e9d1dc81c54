import {
  compareNumber,
  isLosslessNumber,
  isSafeNumber,
  LosslessNumber,
  parse,
  stringify,
} from 'lossless-json';

/**
 * JSON numbers as the server reads them: `xsd:integer` and `xsd:decimal` are exact at any size,
 * so a number a double cannot hold digit for digit is kept as its text (a `LosslessNumber`).
 */
export { isLosslessNumber, LosslessNumber };

/**
 * Only text with a run of 16 digit characters or an exponent can hold a number a double would
 * round; two simple scans are about twice as fast as one alternation (measured on 800 kB).
 */
const LONG_DIGIT_RUN = /[\d.]{16}/;
const EXPONENT = /\d[eE][+-]?\d/;

/** Parses JSON text; throws SyntaxError on malformed text, as JSON.parse does. */
export function parseExactJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text) && !EXPONENT.test(text)) return JSON.parse(text);
  return parse(text, null, (value) => (isSafeNumber(value) ? Number(value) : new LosslessNumber(value)));
}

/** JSON text of a value that may hold exact numbers, written digit for digit. */
export function stringifyExactJson(value: unknown): string {
  return holdsExactNumber(value) ? (stringify(value) ?? 'null') : JSON.stringify(value);
}

function holdsExactNumber(value: unknown): boolean {
  if (isLosslessNumber(value)) return true;
  if (Array.isArray(value)) return value.some(holdsExactNumber);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsExactNumber);
  return false;
}

/** Exact numeric comparison of two numbers given as numbers or exact texts (-1, 0, 1). */
export function compareExact(a: number | LosslessNumber, b: number | LosslessNumber): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  return compareNumber(numberText(a), numberText(b));
}

function numberText(value: number | LosslessNumber): string {
  return typeof value === 'number' ? String(value) : value.value;
}
