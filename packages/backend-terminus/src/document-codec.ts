import { type RecordData, type SqhRecord, UnsupportedError, ValidationError } from '@sqh/core/spi';
import { type ClassMapping, type PropertyMapping, type PropertyRange, rangeTypeOf } from './class-mapping.js';
import {
  documentIdFor,
  documentIdOf,
  RECORD_ID_PROPERTY,
  recordIdFrom,
  recordIdOfDocument,
} from './document-id.js';
import { isLosslessNumber } from './exact-json.js';
import type { JsonObject, JsonValue } from './json-value.js';

/** A record's data as a TerminusDB document of the mapping's class. */
export function encodeDocument(mapping: ClassMapping, recordId: string, data: RecordData): JsonObject {
  const document: Record<string, JsonValue> = {
    '@type': mapping.className,
    '@id': documentIdOf(mapping.className, recordId),
    [RECORD_ID_PROPERTY]: recordId,
  };
  for (const property of mapping.properties) {
    const value = encodeProperty(property, data[property.field.name]);
    if (value !== undefined) document[property.field.name] = value;
  }
  return document;
}

/**
 * Applies a validated patch to a stored document: named fields are replaced or,
 * when null, removed; everything else (including properties a newer model added)
 * is kept as stored.
 */
export function patchDocument(mapping: ClassMapping, stored: JsonObject, patch: RecordData): JsonObject {
  const document: Record<string, JsonValue> = { ...stored };
  for (const [name, value] of Object.entries(patch)) {
    const property = mapping.property(name);
    if (!property) continue;
    const encoded = encodeProperty(property, value);
    if (encoded === undefined) delete document[name];
    else document[name] = encoded;
  }
  return document;
}

/** A stored document as a record: `id` is the record id, dates are Date objects. */
export function decodeDocument(mapping: ClassMapping, document: JsonObject): SqhRecord {
  const storedId = document[RECORD_ID_PROPERTY];
  const id = typeof storedId === 'string' ? storedId : recordIdOfDocument(String(document['@id']));
  const record: Record<string, unknown> = { id };
  for (const property of mapping.properties) {
    const raw = document[property.field.name];
    if (holdsInexactInteger(property, raw)) throw inexactNumber(mapping, property, id);
    const value = decodeProperty(property, raw);
    if (value !== undefined) record[property.field.name] = value;
  }
  return record as SqhRecord;
}

/** A double is what a double holds; only an integer beyond 2^53 cannot be returned as stored. */
function holdsInexactInteger(property: PropertyMapping, raw: JsonValue | undefined): boolean {
  if (property.range.kind === 'link' || rangeTypeOf(property.range) !== 'xsd:integer') return false;
  return isLosslessNumber(raw) || (Array.isArray(raw) && raw.some(isLosslessNumber));
}

/**
 * TerminusDB integers are exact at any size, JavaScript numbers are not: a stored value beyond
 * 2^53 (written by another client) is refused, never rounded. sqh integer fields are safe integers.
 */
function inexactNumber(mapping: ClassMapping, property: PropertyMapping, id: string): UnsupportedError {
  return new UnsupportedError(
    `${mapping.model.key} record '${id}': field '${property.field.name}' holds a number stored outside sqh ` +
      'that a JavaScript number cannot represent exactly (integers must lie within ±(2^53 − 1)); ' +
      'correct the stored value or model the field as a string.',
  );
}

/** One filter or template value in stored form (a literal, or the document id of a link). */
export function encodeScalar(range: PropertyRange, value: unknown): string | number | boolean {
  if (range.kind === 'link') return documentIdFor(range.className, String(value));
  if (range.kind === 'recordId') return recordIdFrom(range.className, String(value));
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new ValidationError('A date is invalid', [{ path: [], message: 'not a valid date' }]);
    }
    return value.toISOString();
  }
  return value as string | number | boolean;
}

function encodeProperty(property: PropertyMapping, value: unknown): JsonValue | undefined {
  try {
    return encodeValue(property, value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(`Field '${property.field.name}' cannot be stored`, [
      { path: [property.field.name], message: error.issues[0]?.message ?? error.message },
    ]);
  }
}

function encodeValue(property: PropertyMapping, value: unknown): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (property.jsonText) return JSON.stringify(value);
  if (property.family === 'list' || property.family === 'set') {
    return (value as readonly unknown[]).map((item) => encodeScalar(property.range, item));
  }
  return encodeScalar(property.range, value);
}

function decodeProperty(property: PropertyMapping, raw: JsonValue | undefined): unknown {
  const { field } = property;
  if (raw === null || raw === undefined) {
    // An empty Set is not stored at all; a required one still reads as [].
    const container = property.family === 'list' || property.family === 'set';
    return container && !field.optional && !field.nullable ? [] : undefined;
  }
  if (property.jsonText) return JSON.parse(String(raw)) as unknown;
  if (property.family === 'list' || property.family === 'set') {
    return (Array.isArray(raw) ? raw : [raw]).map((item) => decodeScalar(property.range, item));
  }
  return decodeScalar(property.range, raw);
}

function decodeScalar(range: PropertyRange, raw: JsonValue): unknown {
  if (range.kind === 'link') return recordIdOfDocument(String(raw));
  switch (rangeTypeOf(range)) {
    case 'xsd:dateTime':
      return new Date(String(raw));
    case 'xsd:integer':
    case 'xsd:double':
      return typeof raw === 'number' ? raw : Number(String(raw));
    case 'xsd:boolean':
      return typeof raw === 'boolean' ? raw : raw === 'true';
    case 'xsd:string':
      return String(raw);
  }
}
