import type { JsonValue } from './json-types.js';

/** A literal's value after casting: strings, numbers and booleans, as JSON carries them. */
export type LiteralValue = string | number | boolean;

/** A value that cannot be read as the requested xsd type. */
export class CastError extends Error {
  constructor(
    readonly value: JsonValue,
    readonly type: string,
  ) {
    super(`The value ${JSON.stringify(value)} could not be cast as ${type}`);
  }
}

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  'xsd:integer': [-Infinity, Infinity],
  'xsd:long': [-(2 ** 63), 2 ** 63 - 1],
  'xsd:int': [-(2 ** 31), 2 ** 31 - 1],
  'xsd:short': [-(2 ** 15), 2 ** 15 - 1],
  'xsd:byte': [-128, 127],
  'xsd:nonNegativeInteger': [0, Infinity],
  'xsd:positiveInteger': [1, Infinity],
  'xsd:nonPositiveInteger': [-Infinity, 0],
  'xsd:negativeInteger': [-Infinity, -1],
  'xsd:unsignedLong': [0, 2 ** 64 - 1],
  'xsd:unsignedInt': [0, 2 ** 32 - 1],
  'xsd:unsignedShort': [0, 2 ** 16 - 1],
  'xsd:unsignedByte': [0, 255],
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
  if (range !== undefined) {
    const number = typeof value === 'string' && INTEGER_TEXT.test(value.trim()) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number >= range[0] && number <= range[1]) {
      return number;
    }
    throw new CastError(value, type);
  }
  if (type === 'xsd:decimal' || IEEE_TYPES.has(type)) {
    const number = typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value;
    if (typeof number === 'number' && Number.isFinite(number)) return number;
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
  throw new CastError(value, type);
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
