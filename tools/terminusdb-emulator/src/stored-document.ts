import type { Cardinality } from './schema-model.js';
import type { LiteralValue } from './xsd-types.js';

/** One value of a document field after checking it against the schema. */
export type StoredValue =
  | { readonly kind: 'literal'; readonly type: string; readonly value: LiteralValue }
  /** A link to another document, by full IRI. */
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'enum'; readonly enumType: string; readonly value: string }
  | { readonly kind: 'sub'; readonly document: StoredDocument };

export interface StoredField {
  readonly cardinality: Cardinality;
  readonly values: readonly StoredValue[];
}

/** A document as the emulator keeps it: full IRI, class name, fields in schema order. */
export interface StoredDocument {
  readonly id: string;
  readonly type: string;
  readonly fields: ReadonlyMap<string, StoredField>;
}

/** Every document in `document`'s tree: itself first, then its subdocuments depth first. */
export function* documentTree(document: StoredDocument): Generator<StoredDocument> {
  yield document;
  for (const field of document.fields.values()) {
    for (const value of field.values) {
      if (value.kind === 'sub') yield* documentTree(value.document);
    }
  }
}
