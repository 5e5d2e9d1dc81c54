import type { IriContext } from './iri-context.js';
import type { JsonObject, JsonValue } from './json-types.js';
import type { StoredDocument, StoredField, StoredValue } from './stored-document.js';

export interface RenderOptions {
  /**
   * Compress ids against `@base` and names against `@schema` (the server's `compress_ids`,
   * default true). Without it `@id`, `@type` and property names are full IRIs.
   */
  readonly compressIds: boolean;
  /** Inline subdocuments and documents of `@unfoldable` classes (the server's `unfold`, default true). */
  readonly unfold: boolean;
  /**
   * The document `id` links to when GET inlines it (its class is `@unfoldable`, or the linking
   * field of `ownerType` has `@unfold`); absent means nothing is unfolded.
   */
  readonly unfoldable?: (id: string, ownerType: string, field: string) => StoredDocument | undefined;
}

export const DEFAULT_RENDER: RenderOptions = { compressIds: true, unfold: true };

/** A stored document as GET returns it: `@id`, `@type`, then the fields in schema order. */
export function renderDocument(
  document: StoredDocument,
  iri: IriContext,
  options: RenderOptions,
  /** Ids of the documents being unfolded around this one: a link back to one of them stays a link. */
  unfolding: ReadonlySet<string> = new Set(),
): JsonObject {
  const inner = new Set(unfolding).add(document.id);
  return {
    '@id': options.compressIds ? iri.compress(document.id) : document.id,
    '@type': options.compressIds ? document.type : (iri.expandSchema(document.type) ?? document.type),
    ...renderFields(document.fields, iri, options, inner, document.type),
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
  unfolding: ReadonlySet<string> = new Set(),
  ownerType = '',
): JsonObject {
  const json: JsonObject = {};
  for (const [name, field] of fields) {
    const key = options.compressIds ? name : (iri.expandSchema(name) ?? name);
    const values = field.values.map((value) => renderValue(value, iri, options, unfolding, ownerType, name));
    if (field.cardinality === 'required' || field.cardinality === 'optional') {
      if (values.length > 0) json[key] = values[0] as JsonValue;
    } else if (values.length > 0 || field.cardinality === 'list') {
      json[key] = values;
    }
  }
  return json;
}

function renderValue(
  value: StoredValue,
  iri: IriContext,
  options: RenderOptions,
  unfolding: ReadonlySet<string>,
  ownerType: string,
  field: string,
): JsonValue {
  const id = (full: string) => (options.compressIds ? iri.compress(full) : full);
  switch (value.kind) {
    case 'literal':
      return value.value;
    case 'ref': {
      const linked =
        options.unfold && !unfolding.has(value.id)
          ? options.unfoldable?.(value.id, ownerType, field)
          : undefined;
      return linked === undefined ? id(value.id) : renderDocument(linked, iri, options, unfolding);
    }
    case 'enum':
      return value.value;
    case 'sub':
      return options.unfold ? renderDocument(value.document, iri, options, unfolding) : id(value.document.id);
  }
}
