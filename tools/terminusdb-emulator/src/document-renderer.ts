import type { IriContext } from './iri-context.js';
import type { JsonObject, JsonValue } from './json-types.js';
import type { StoredDocument, StoredField, StoredValue } from './stored-document.js';

export interface RenderOptions {
  /** Compress ids against `@base` (the server's `compress_ids`, default true). */
  readonly compressIds: boolean;
  /** Inline subdocuments (the server's `unfold`, default true). */
  readonly unfold: boolean;
}

export const DEFAULT_RENDER: RenderOptions = { compressIds: true, unfold: true };

/** A stored document as GET returns it: `@id`, `@type`, then the fields in schema order. */
export function renderDocument(
  document: StoredDocument,
  iri: IriContext,
  options: RenderOptions,
): JsonObject {
  return {
    '@id': options.compressIds ? iri.compress(document.id) : document.id,
    '@type': document.type,
    ...renderFields(document.fields, iri, options),
  };
}

/**
 * The fields of a document as JSON. Empty sets and arrays are left out (they have no triples);
 * an empty list is `[]` (it is stored as `rdf:nil`).
 */
export function renderFields(
  fields: ReadonlyMap<string, StoredField>,
  iri: IriContext,
  options: RenderOptions,
): JsonObject {
  const json: JsonObject = {};
  for (const [name, field] of fields) {
    const values = field.values.map((value) => renderValue(value, iri, options));
    if (field.cardinality === 'required' || field.cardinality === 'optional') {
      if (values.length > 0) json[name] = values[0] as JsonValue;
    } else if (values.length > 0 || field.cardinality === 'list') {
      json[name] = values;
    }
  }
  return json;
}

function renderValue(value: StoredValue, iri: IriContext, options: RenderOptions): JsonValue {
  switch (value.kind) {
    case 'literal':
      return value.value;
    case 'ref':
      return options.compressIds ? iri.compress(value.id) : value.id;
    case 'enum':
      return value.value;
    case 'sub':
      return options.unfold
        ? renderDocument(value.document, iri, options)
        : options.compressIds
          ? iri.compress(value.document.id)
          : value.document.id;
  }
}
