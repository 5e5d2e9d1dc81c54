import type { IriContext } from './iri-context.js';
import type { JsonValue } from './json-types.js';
import type { SchemaIndex } from './schema-model.js';
import { documentTree, type StoredDocument } from './stored-document.js';
import { isSupportedBaseType } from './xsd-types.js';

/**
 * Referential integrity, checked when a write commits: every link must point at an existing
 * document of the field's class. Returns schema-check witnesses (empty when all is well).
 */
export function referenceWitnesses(
  documents: Iterable<StoredDocument>,
  lookup: (id: string) => StoredDocument | undefined,
  schema: SchemaIndex,
  iri: IriContext,
): JsonValue[] {
  const witnesses: JsonValue[] = [];
  for (const top of documents) {
    for (const document of documentTree(top)) {
      for (const [name, field] of document.fields) {
        const expectedClass = schema.field(document.type, name)?.target;
        for (const value of field.values) {
          if (value.kind !== 'ref' || expectedClass === undefined) continue;
          const target = lookup(value.id);
          if (target === undefined) {
            witnesses.push({
              '@type': 'references_untyped_object',
              subject: iri.compress(document.id),
              predicate: name,
              object: iri.compress(value.id),
            });
          } else if (!schema.isSubclassOf(target.type, expectedClass)) {
            witnesses.push({
              '@type': 'instance_not_of_class',
              class: expectedClass,
              instance: iri.compress(value.id),
              subject: iri.compress(document.id),
              predicate: name,
            });
          }
        }
      }
    }
  }
  return witnesses;
}

/**
 * Checks already stored documents against a changed schema, without regenerating ids: the
 * class must still exist, and every field must still exist with a compatible type.
 */
export function storedDocumentWitnesses(document: StoredDocument, schema: SchemaIndex): JsonValue[] {
  const witnesses: JsonValue[] = [];
  for (const part of documentTree(document)) {
    const spec = schema.classNamed(part.type);
    if (spec === undefined || spec.abstract) {
      witnesses.push({ '@type': 'instance_of_unknown_class', instance: part.id, class: part.type });
      continue;
    }
    for (const field of spec.fields) {
      const stored = part.fields.get(field.name);
      if ((field.cardinality === 'required' || field.cardinality === 'list') && stored === undefined) {
        witnesses.push({
          '@type': 'required_field_does_not_exist_in_document',
          instance: part.id,
          field: field.name,
        });
      }
    }
    for (const [name, stored] of part.fields) {
      const field = spec.fields.find((candidate) => candidate.name === name);
      if (field === undefined) {
        if (stored.values.length > 0)
          witnesses.push({ '@type': 'unknown_property', instance: part.id, property: name });
        continue;
      }
      const single = field.cardinality === 'required' || field.cardinality === 'optional';
      const storedSingle = stored.cardinality === 'required' || stored.cardinality === 'optional';
      if (single !== storedSingle || (field.cardinality === 'required' && stored.values.length === 0)) {
        witnesses.push({ '@type': 'cardinality_changed', instance: part.id, field: name });
      }
      for (const value of stored.values) {
        const compatible =
          value.kind === 'literal'
            ? value.type === field.target && isSupportedBaseType(field.target)
            : value.kind === 'enum'
              ? schema.enumNamed(field.target)?.values.includes(value.value) === true
              : value.kind === 'sub'
                ? schema.isSubclassOf(value.document.type, field.target)
                : schema.classNamed(field.target) !== undefined;
        if (!compatible)
          witnesses.push({ '@type': 'value_not_of_field_type', instance: part.id, field: name });
      }
    }
  }
  return witnesses;
}
