import { isoInstant } from './iso-instant.js';
import { IsonEncodeError } from './ison-errors.js';
import { IsonReference } from './ison-reference.js';
import { isJsonToken, jsonToken } from './json-token.js';
import { numberText } from './number-text.js';

/** A nested array or object, already spelled as its bare JSON token. */
export class JsonCell {
  constructor(readonly token: string) {}
}

/** A row value reduced to what ISON can write. */
export type Cell = null | boolean | string | number | bigint | IsonReference | JsonCell;

/**
 * Reduces any JavaScript value to a cell. Dates become their shortest
 * ISO-8601 UTC text (see `isoInstant`); NaN, ±Infinity, invalid dates,
 * `undefined`, functions and symbols become null; arrays and objects become
 * JSON, following `JSON.stringify` (`toJSON` is honoured, bigints inside
 * become digit strings).
 */
export function toCell(value: unknown): Cell {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      return value === null ? null : objectCell(value);
    default:
      return null;
  }
}

/** The cell's text before any quoting; canonical row order compares it. */
export function cellText(cell: Exclude<Cell, null>): string {
  switch (typeof cell) {
    case 'string':
      return cell;
    case 'number':
      return numberText(cell);
    case 'boolean':
    case 'bigint':
      return String(cell);
    default:
      return cell instanceof JsonCell ? cell.token : cell.toString();
  }
}

function objectCell(value: object): Cell {
  if (value instanceof IsonReference) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoInstant(value);
  let token: string | undefined;
  try {
    token = jsonToken(value);
  } catch (error) {
    throw new IsonEncodeError('UNREPRESENTABLE_VALUE', `A value cannot be written as JSON: ${String(error)}`);
  }
  if (token === undefined) return null;
  // A toJSON() that returns a primitive (a boxed string, a decimal type) stands for that primitive.
  return isJsonToken(token) ? new JsonCell(token) : toCell(JSON.parse(token));
}
