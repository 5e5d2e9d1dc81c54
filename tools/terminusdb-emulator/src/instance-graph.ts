import { apiErrors } from './api-errors.js';
import type { Database } from './database.js';
import { DEFAULT_RENDER, renderDocument } from './document-renderer.js';
import { referenceWitnesses } from './instance-validator.js';
import { canonicalJson, isJsonObject, type JsonValue } from './json-types.js';
import { SchemaChecker } from './schema-checker.js';
import { className } from './schema-parser.js';
import type { StoredDocument } from './stored-document.js';

/** Instance graph writes. Each returns the complete new document map; nothing is stored until commit. */
export interface InstanceChange {
  readonly documents: ReadonlyMap<string, StoredDocument>;
  /** Full IRIs of the submitted documents, in request order. */
  readonly ids: string[];
}

/**
 * Checks submitted documents against the schema: the submitted ones, the
 * documents they carry inline (linked), both together, with ids unique.
 */
function checkSubmitted(database: Database, inputs: JsonValue[]) {
  const { index, iri } = database.schema;
  const checker = new SchemaChecker(index, iri);
  const submitted = inputs.map((input) => checker.checkTopLevel(input));
  checker.finish();
  const linked = checker.linkedDocuments;
  const all = [...submitted, ...linked];
  assertUniqueIds(all, database);
  return { submitted, linked, all };
}

export function insertDocuments(
  database: Database,
  inputs: JsonValue[],
  fullReplace: boolean,
): InstanceChange {
  const { index, iri } = database.schema;
  const { submitted, all } = checkSubmitted(database, inputs);
  const documents = new Map(fullReplace ? [] : database.instance);
  for (const document of all) {
    const existing = documents.get(document.id);
    if (existing !== undefined) {
      // Value-hashed documents are content-addressed: inserting the same content again is a no-op.
      if (
        index.classNamed(document.type)?.key.type === 'ValueHash' &&
        sameContent(existing, document, database)
      )
        continue;
      throw apiErrors.documentIdAlreadyExists(document.id, renderDocument(document, iri, DEFAULT_RENDER));
    }
    documents.set(document.id, document);
  }
  assertReferences(all, documents, database);
  return { documents, ids: submitted.map((document) => document.id) };
}

export function replaceDocuments(database: Database, inputs: JsonValue[], create: boolean): InstanceChange {
  const { iri } = database.schema;
  const { submitted, linked, all } = checkSubmitted(database, inputs);
  const documents = new Map(database.instance);
  submitted.forEach((document, position) => {
    if (!documents.has(document.id) && !create) {
      const input = inputs[position];
      const givenId =
        isJsonObject(input) && typeof input['@id'] === 'string' ? input['@id'] : iri.compress(document.id);
      throw apiErrors.documentNotFound(givenId, isJsonObject(input) ? input : undefined);
    }
    documents.set(document.id, document);
  });
  for (const document of linked) {
    if (!documents.has(document.id)) documents.set(document.id, document);
  }
  assertReferences(all, documents, database);
  return { documents, ids: submitted.map((document) => document.id) };
}

/** Deletes by id (as submitted), every document of a type, or everything. */
export function deleteDocuments(
  database: Database,
  target: { readonly ids: string[] } | { readonly type: string } | 'all',
): InstanceChange {
  const { index, iri } = database.schema;
  if (target === 'all') return { documents: new Map(), ids: [] };
  const documents = new Map(database.instance);
  let removed: string[];
  if ('type' in target) {
    const type = className(target.type, iri);
    if (index.classNamed(type) === undefined) throw apiErrors.typeNotFound(target.type, target.type);
    removed = [...documents.values()]
      .filter((document) => index.isSubclassOf(document.type, type))
      .map((d) => d.id);
  } else {
    removed = target.ids.map((id) => {
      const expanded = iri.expandInstance(id);
      if (expanded === undefined || !documents.has(expanded))
        throw apiErrors.documentNotFound(expanded ?? id);
      return expanded;
    });
  }
  for (const id of removed) documents.delete(id);
  const gone = new Set(removed);
  const referrers = [...documents.values()].filter((document) => refersToAny(document, gone));
  assertReferences(referrers, documents, database);
  return { documents, ids: removed };
}

function assertUniqueIds(documents: readonly StoredDocument[], database: Database): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const document of documents) {
    if (seen.has(document.id)) duplicates.add(database.schema.iri.compress(document.id));
    seen.add(document.id);
  }
  if (duplicates.size > 0) throw apiErrors.sameIdsInOneTransaction([...duplicates]);
}

function assertReferences(
  changed: readonly StoredDocument[],
  documents: ReadonlyMap<string, StoredDocument>,
  database: Database,
): void {
  const witnesses = referenceWitnesses(
    changed,
    (id) => documents.get(id),
    database.schema.index,
    database.schema.iri,
  );
  if (witnesses.length > 0) throw apiErrors.schemaCheckFailure(witnesses);
}

function refersToAny(document: StoredDocument, ids: ReadonlySet<string>): boolean {
  for (const field of document.fields.values()) {
    for (const value of field.values) {
      if (value.kind === 'ref' && ids.has(value.id)) return true;
      if (value.kind === 'sub' && refersToAny(value.document, ids)) return true;
    }
  }
  return false;
}

function sameContent(a: StoredDocument, b: StoredDocument, database: Database): boolean {
  const { iri } = database.schema;
  return (
    canonicalJson(renderDocument(a, iri, DEFAULT_RENDER)) ===
    canonicalJson(renderDocument(b, iri, DEFAULT_RENDER))
  );
}
