import type { JsonObject, JsonValue } from '@sqh/backend-terminus';

/** How bindings name things, resolved by the service: document ids and documents of graph models. */
export interface BindingDecoder {
  /** The record id of a document id of a graph model, else undefined. */
  recordIdOf(documentId: string): string | undefined;
  /** What a record id of a graph model becomes (the id itself by default; an ISON reference in ISON). */
  reference?(documentId: string, recordId: string): unknown;
  /** A document of a graph model as its record, else undefined. */
  recordOf(document: JsonObject): Readonly<Record<string, unknown>> | undefined;
}

const INTEGER_TYPES =
  /^xsd:(integer|long|int|short|byte|(non)?(Negative|Positive)Integer|negativeInteger|positiveInteger|unsigned(Long|Int|Short|Byte))$/;
const NUMBER_TYPES = new Set(['xsd:decimal', 'xsd:double', 'xsd:float']);

/**
 * A WOQL binding as a plain value: document ids of graph models become record ids, typed
 * literals their JS value (numbers, booleans, `Date` for date-times, text), lists arrays,
 * documents read with ReadDocument records, path edges `{ subject, predicate, object }`.
 */
export function plainValue(value: JsonValue | undefined, decoder: BindingDecoder): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const id = decoder.recordIdOf(value);
    return id === undefined ? value : (decoder.reference?.(value, id) ?? id);
  }
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => plainValue(item, decoder));
  const object = value as JsonObject;
  const type = object['@type'];
  if (typeof type === 'string' && '@value' in object)
    return literalValue(type, object['@value'] as JsonValue);
  if (type === 'woql:Edge' || type === 'http://terminusdb.com/schema/woql#Edge') {
    const field = (name: string) => object[`woql:${name}`] ?? object[name];
    return {
      subject: plainValue(field('subject'), decoder),
      predicate: field('predicate'),
      object: plainValue(field('object'), decoder),
    };
  }
  return decoder.recordOf(object) ?? object;
}

function literalValue(type: string, value: JsonValue): unknown {
  if (
    (INTEGER_TYPES.test(type) || NUMBER_TYPES.has(type)) &&
    (typeof value === 'number' || typeof value === 'string')
  ) {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  if (type === 'xsd:boolean') return value === true || value === 'true';
  if ((type === 'xsd:dateTime' || type === 'xsd:dateTimeStamp') && typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  }
  return value;
}
