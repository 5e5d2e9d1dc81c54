import { isSafeNumber } from 'lossless-json';
import { isLosslessNumber, LosslessNumber } from './exact-json.js';
import type { JsonValue } from './json-types.js';

/**
 * A literal's value after casting: strings, numbers and booleans, as JSON carries them. Integers
 * and decimals a double cannot hold exactly keep their digits as a LosslessNumber.
 */
export type LiteralValue = string | number | LosslessNumber | boolean;

/** A value that cannot be read as the requested xsd type. */
export class CastError extends Error {
  constructor(
    readonly value: JsonValue,
    readonly type: string,
  ) {
    super(`The value ${JSON.stringify(value)} could not be cast as ${type}`);
  }
}

type Bound = bigint | undefined;
const INTEGER_RANGES: Readonly<Record<string, readonly [Bound, Bound]>> = {
  'xsd:integer': [undefined, undefined],
  'xsd:long': [-(2n ** 63n), 2n ** 63n - 1n],
  'xsd:int': [-(2n ** 31n), 2n ** 31n - 1n],
  'xsd:short': [-(2n ** 15n), 2n ** 15n - 1n],
  'xsd:byte': [-128n, 127n],
  'xsd:nonNegativeInteger': [0n, undefined],
  'xsd:positiveInteger': [1n, undefined],
  'xsd:nonPositiveInteger': [undefined, 0n],
  'xsd:negativeInteger': [undefined, -1n],
  'xsd:unsignedLong': [0n, 2n ** 64n - 1n],
  'xsd:unsignedInt': [0n, 2n ** 32n - 1n],
  'xsd:unsignedShort': [0n, 2n ** 16n - 1n],
  'xsd:unsignedByte': [0n, 255n],
};
const STRING_TYPES = new Set([
  'xsd:string',
  'xsd:anyURI',
  'xsd:normalizedString',
  'xsd:token',
  'xsd:language',
]);
const IEEE_TYPES = new Set(['xsd:double', 'xsd:float']);
const DATE_TIME_TYPES = new Set(['xsd:dateTime', 'xsd:dateTimeStamp']);

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const DATE_TIME_TEXT = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TEXT = /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/;

/** `xsd:integer` → `http://www.w3.org/2001/XMLSchema#integer`, as the server names types in errors. */
export function expandXsd(type: string): string {
  return type.startsWith('xsd:') ? `http://www.w3.org/2001/XMLSchema#${type.slice(4)}` : type;
}

/** The xsd types the emulator can store and compare (written compressed, `xsd:...`). */
export function isSupportedBaseType(type: string): boolean {
  return (
    type in INTEGER_RANGES ||
    STRING_TYPES.has(type) ||
    IEEE_TYPES.has(type) ||
    DATE_TIME_TYPES.has(type) ||
    type === 'xsd:decimal' ||
    type === 'xsd:boolean' ||
    type === 'xsd:date'
  );
}

/** `rational` for integer and decimal types, `ieee` for float and double, otherwise undefined. */
export function numericFamily(type: string): 'rational' | 'ieee' | undefined {
  if (type in INTEGER_RANGES || type === 'xsd:decimal') return 'rational';
  if (IEEE_TYPES.has(type)) return 'ieee';
  return undefined;
}

export function isDateTimeType(type: string): boolean {
  return DATE_TIME_TYPES.has(type);
}

/**
 * Casts a JSON value to an xsd type the way documents and WOQL literals are read: numbers from
 * numbers or numeric text, booleans from booleans or "true"/"false", date-times normalised to UTC.
 * Types the emulator does not know are kept as they came.
 */
export function castToXsd(value: JsonValue, type: string): LiteralValue {
  if (STRING_TYPES.has(type)) {
    if (typeof value === 'string') return value;
    throw new CastError(value, type);
  }
  const range = INTEGER_RANGES[type];
  if (range !== undefined) return castInteger(value, type, range);
  if (type === 'xsd:decimal') return castDecimal(value, type);
  if (IEEE_TYPES.has(type)) {
    const text = numericText(value);
    const number = text === undefined ? undefined : Number(text);
    if (number !== undefined && Number.isFinite(number)) return number;
    throw new CastError(value, type);
  }
  if (type === 'xsd:boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new CastError(value, type);
  }
  if (DATE_TIME_TYPES.has(type)) return castDateTime(value, type);
  if (type === 'xsd:date') {
    if (typeof value === 'string' && DATE_TEXT.test(value)) return value;
    throw new CastError(value, type);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isLosslessNumber(value)) return value;
  throw new CastError(value, type);
}

/** The text of a JSON number, exact number or numeric string; undefined for anything else. */
function numericText(value: JsonValue): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (isLosslessNumber(value)) return value.value;
  if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) return value.trim();
  return undefined;
}

/** Integers are exact at any size (the server stores them as GMP integers). */
function castInteger(value: JsonValue, type: string, [min, max]: readonly [Bound, Bound]): LiteralValue {
  const text = numericText(value);
  let integer: bigint | undefined;
  if (text !== undefined && INTEGER_TEXT.test(text)) integer = BigInt(text);
  else if (typeof value === 'number' && Number.isInteger(value)) integer = BigInt(value);
  if (integer === undefined || (min !== undefined && integer < min) || (max !== undefined && integer > max)) {
    throw new CastError(value, type);
  }
  const number = Number(integer);
  return Number.isSafeInteger(number) ? number : new LosslessNumber(integer.toString());
}

/** Decimals are exact rationals on the server: digits a double would drop are kept. */
function castDecimal(value: JsonValue, type: string): LiteralValue {
  const text = numericText(value);
  if (text === undefined || !Number.isFinite(Number(text))) throw new CastError(value, type);
  if (typeof value === 'number') return value;
  return isSafeNumber(text) ? Number(text) : new LosslessNumber(text.replace(/^\+/, ''));
}

/** Date-times are stored in UTC with a `Z`, milliseconds only when present. */
function castDateTime(value: JsonValue, type: string): string {
  if (typeof value !== 'string' || !DATE_TIME_TEXT.test(value)) throw new CastError(value, type);
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  const date = new Date(hasZone ? value : `${value}Z`);
  if (Number.isNaN(date.getTime())) throw new CastError(value, type);
  return date.toISOString().replace('.000Z', 'Z');
}

/** The lexical form of a literal, used for Lexical keys and casts to `xsd:string`. */
export function lexicalForm(value: LiteralValue): string {
  return String(value);
}
