import { apiErrors } from './api-errors.js';
import { type Database, type SchemaState, schemaState } from './database.js';
import { referenceWitnesses, storedDocumentWitnesses } from './instance-validator.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types.js';

/** A schema graph write: the new schema state, already checked against the instance data. */
export interface SchemaChange {
  readonly schema: SchemaState;
  /** The `@id`s of the submitted class and enum documents, in request order. */
  readonly ids: string[];
}

export function insertSchemaDocuments(
  database: Database,
  inputs: JsonValue[],
  fullReplace: boolean,
): SchemaChange {
  // A full replacement starts with its @context; without one (an empty body too) nothing changes.
  const [first] = inputs;
  if (fullReplace && !(isJsonObject(first) && first['@type'] === '@context')) {
    throw apiErrors.noContextFoundInSchema();
  }
  let context = database.schema.context;
  const documents = new Map(fullReplace ? [] : database.schema.documents);
  const ids: string[] = [];
  inputs.forEach((input, position) => {
    if (!isJsonObject(input)) throw apiErrors.missingField('@id', input);
    if (input['@type'] === '@context') {
      if (!fullReplace || position !== 0) throw apiErrors.insertingContext(input);
      context = input;
      return;
    }
    const id = schemaId(input);
    if (ids.includes(id)) throw apiErrors.sameIdsInOneTransaction([id]);
    ids.push(id);
    if (documents.has(id)) throw apiErrors.documentIdAlreadyExists(id, input);
    documents.set(id, input);
  });
  return { schema: checkedAgainstInstances(database, schemaState(context, documents)), ids };
}

export function replaceSchemaDocuments(
  database: Database,
  inputs: JsonValue[],
  create: boolean,
): SchemaChange {
  const documents = new Map(database.schema.documents);
  const ids: string[] = [];
  let context = database.schema.context;
  for (const input of inputs) {
    if (!isJsonObject(input)) throw apiErrors.missingField('@id', input);
    if (input['@type'] === '@context') {
      context = input;
      continue;
    }
    const id = schemaId(input);
    if (!documents.has(id) && !create) throw apiErrors.documentNotFound(id, input);
    documents.set(id, input);
    ids.push(id);
  }
  return { schema: checkedAgainstInstances(database, schemaState(context, documents)), ids };
}

export function deleteSchemaDocuments(database: Database, ids: string[] | 'all'): SchemaState {
  const documents = new Map(ids === 'all' ? [] : database.schema.documents);
  if (ids !== 'all') {
    for (const id of ids) {
      if (!documents.delete(id)) throw apiErrors.documentNotFound(id);
    }
  }
  return checkedAgainstInstances(database, schemaState(database.schema.context, documents));
}

/** The schema graph as GET lists it: the `@context` first, then classes and enums in insertion order. */
export function schemaDocuments(database: Database): JsonObject[] {
  return [database.schema.context, ...database.schema.documents.values()];
}

function schemaId(input: JsonObject): string {
  const id = input['@id'];
  if (typeof id !== 'string' || id === '') throw apiErrors.missingField('@id', input);
  return id;
}

/** A schema change must leave every stored document valid, as on the server. */
function checkedAgainstInstances(database: Database, next: SchemaState): SchemaState {
  const documents = [...database.instance.values()];
  const witnesses = [
    ...documents.flatMap((document) => storedDocumentWitnesses(document, next.index)),
    ...referenceWitnesses(documents, (id) => database.instance.get(id), next.index, next.iri),
  ];
  if (witnesses.length > 0) throw apiErrors.schemaCheckFailure(witnesses);
  return next;
}
