import { ApiError, apiErrors } from './api-errors.js';
import type { IriContext } from './iri-context.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types.js';
import {
  type Cardinality,
  type ClassSpec,
  type EnumSpec,
  type FieldSpec,
  type KeySpec,
  type SchemaEntry,
  SchemaIndex,
} from './schema-model.js';
import { isSupportedBaseType } from './xsd-types.js';

const CLASS_KEYWORDS = new Set([
  '@id',
  '@type',
  '@key',
  '@subdocument',
  '@abstract',
  '@inherits',
  '@documentation',
  '@metadata',
  '@unfoldable',
  '@base',
]);
/** The keys of a field's type object the emulator understands (`@dimensions` only as 1). */
const FIELD_KEYWORDS = new Set([
  '@type',
  '@class',
  '@min_cardinality',
  '@max_cardinality',
  '@cardinality',
  '@unfold',
  '@dimensions',
]);
const CARDINALITY_OF: Readonly<Record<string, Cardinality>> = {
  Optional: 'optional',
  Set: 'set',
  // A Cardinality field is a Set with bounds.
  Cardinality: 'set',
  List: 'list',
  Array: 'array',
};

interface DraftClass {
  readonly id: string;
  readonly base: string | undefined;
  readonly unfoldable: boolean;
  readonly key: KeySpec;
  readonly subdocument: boolean;
  readonly abstract: boolean;
  readonly parents: readonly string[];
  readonly ownFields: readonly FieldSpec[];
}

/** Normalises a class reference (`Person`, `@schema:Person`, full IRI) to the name documents use. */
export function className(name: string, context: IriContext): string {
  const expanded = context.expandSchema(name);
  return expanded === undefined ? name : context.compressSchema(expanded);
}

/**
 * Parses the schema documents (without the `@context`) and checks them as a whole: every field
 * type, parent and key field must exist. Malformed documents raise the server's specific errors;
 * dangling references become `api:SchemaCheckFailure` witnesses.
 */
export function parseSchema(documents: readonly JsonObject[], context: IriContext): SchemaIndex {
  const drafts = new Map<string, DraftClass>();
  const enums = new Map<string, EnumSpec>();
  for (const document of documents) {
    const type = document['@type'];
    const id = document['@id'];
    if (typeof id !== 'string' || id === '') throw apiErrors.missingField('@id', document);
    const name = className(id, context);
    if (type === 'Class') drafts.set(name, parseClass(name, document, context));
    else if (type === 'Enum') enums.set(name, parseEnum(name, document));
    else if (type === 'TaggedUnion' || type === 'Foreign') {
      throw apiErrors.notSupportedByEmulator(`schema documents of @type ${type}`);
    } else {
      throw new ApiError(
        'api:failure',
        { '@type': 'api:UnknownSchemaType', 'api:type': String(type) },
        "The '@type' field referred to an unimplemented schema type.",
      );
    }
  }
  const witnesses: JsonValue[] = [];
  const entries = new Map<string, SchemaEntry>(enums);
  for (const draft of drafts.values()) {
    entries.set(draft.id, resolveClass(draft, drafts, witnesses, new Set()));
  }
  const index = new SchemaIndex(entries);
  for (const entry of entries.values()) {
    if (entry.kind === 'class') checkClass(entry, index, witnesses);
  }
  if (witnesses.length > 0) throw apiErrors.schemaCheckFailure(witnesses);
  return index;
}

function parseEnum(name: string, document: JsonObject): EnumSpec {
  const values = document['@value'];
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) {
    throw new ApiError(
      'api:failure',
      { '@type': 'api:InvalidEnumValues', 'api:document': document },
      'Enum values are not valid',
    );
  }
  return { kind: 'enum', id: name, values: values as string[] };
}

function parseClass(name: string, document: JsonObject, context: IriContext): DraftClass {
  const subdocument = document['@subdocument'] !== undefined;
  const key = parseKey(document, subdocument);
  const inherits = document['@inherits'];
  const parents = inherits === undefined ? [] : Array.isArray(inherits) ? inherits : [inherits];
  const ownFields: FieldSpec[] = [];
  for (const [field, spec] of Object.entries(document)) {
    if (CLASS_KEYWORDS.has(field)) continue;
    if (field.startsWith('@')) throw apiErrors.notSupportedByEmulator(`the class keyword ${field}`);
    ownFields.push(parseField(field, spec, context));
  }
  const base = document['@base'];
  if (base !== undefined && typeof base !== 'string') {
    throw apiErrors.notSupportedByEmulator(`a non-string class @base (${JSON.stringify(base)})`);
  }
  return {
    id: name,
    base,
    unfoldable: document['@unfoldable'] !== undefined,
    key,
    subdocument,
    abstract: document['@abstract'] !== undefined,
    parents: parents.map((parent) => className(String(parent), context)),
    ownFields,
  };
}

function parseField(name: string, spec: JsonValue, context: IriContext): FieldSpec {
  if (typeof spec === 'string') return { name, cardinality: 'required', target: fieldTarget(spec, context) };
  if (isJsonObject(spec) && typeof spec['@type'] === 'string') {
    const cardinality = CARDINALITY_OF[spec['@type']];
    const target = spec['@class'];
    const unknown = Object.keys(spec).filter((key) => !FIELD_KEYWORDS.has(key));
    if (unknown.length > 0 || (spec['@dimensions'] !== undefined && spec['@dimensions'] !== 1)) {
      // Silently ignoring a keyword would answer differently from the server: refuse it instead.
      throw apiErrors.notSupportedByEmulator(
        `the field keyword(s) ${unknown.length > 0 ? unknown.join(', ') : `@dimensions ${JSON.stringify(spec['@dimensions'])}`} (field ${name})`,
      );
    }
    if (cardinality !== undefined && typeof target === 'string') {
      return {
        name,
        cardinality,
        target: fieldTarget(target, context),
        ...cardinalityBounds(spec, name),
        ...(spec['@unfold'] === true ? { unfold: true } : {}),
      };
    }
    throw apiErrors.notSupportedByEmulator(`the field form ${JSON.stringify(spec)} (field ${name})`);
  }
  throw apiErrors.notSupportedByEmulator(`the field form ${JSON.stringify(spec)} (field ${name})`);
}

/** `@min_cardinality` / `@max_cardinality` of a Set, or `@cardinality` (exactly n) of a Cardinality. */
function cardinalityBounds(
  spec: JsonObject,
  name: string,
): Pick<FieldSpec, 'minCardinality' | 'maxCardinality'> {
  const bound = (key: string): number | undefined => {
    const value = spec[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw apiErrors.notSupportedByEmulator(`the ${key} ${JSON.stringify(value)} (field ${name})`);
    }
    return value;
  };
  const exactly = bound('@cardinality');
  const min = exactly ?? bound('@min_cardinality');
  const max = exactly ?? bound('@max_cardinality');
  if (
    (min !== undefined || max !== undefined) &&
    spec['@type'] !== 'Set' &&
    spec['@type'] !== 'Cardinality'
  ) {
    throw apiErrors.notSupportedByEmulator(
      `cardinality bounds on a ${String(spec['@type'])} (field ${name})`,
    );
  }
  return {
    ...(min === undefined ? {} : { minCardinality: min }),
    ...(max === undefined ? {} : { maxCardinality: max }),
  };
}

function fieldTarget(target: string, context: IriContext): string {
  return target.startsWith('xsd:') ? target : className(target, context);
}

function parseKey(document: JsonObject, subdocument: boolean): KeySpec {
  const key = document['@key'];
  if (key === undefined) {
    if (subdocument) {
      throw new ApiError(
        'api:failure',
        { '@type': 'api:SubdocumentKeyMissing', 'api:document': document },
        'Subdocument @key missing',
      );
    }
    return { type: 'None' };
  }
  if (!isJsonObject(key)) {
    throw new ApiError(
      'api:failure',
      { '@type': 'api:DocumentKeyNotObject', 'api:key_value': key, 'api:document': document },
      `Document @key value is not an object: ${JSON.stringify(key)}`,
    );
  }
  const type = key['@type'];
  if (type === 'Random' || type === 'ValueHash') return { type };
  if (type === 'Lexical' || type === 'Hash') return { type, fields: keyFields(key, type, document) };
  if (type === undefined) {
    throw new ApiError(
      'api:failure',
      { '@type': 'api:DocumentKeyTypeMissing', 'api:key': JSON.stringify(key), 'api:document': document },
      `Document @key missing @type: ${JSON.stringify(key)}`,
    );
  }
  throw new ApiError(
    'api:failure',
    { '@type': 'api:DocumentKeyTypeUnknown', 'api:key_type': type, 'api:document': document },
    `Document @key type unknown: ${JSON.stringify(type)}. It must be ValueHash, Hash, Lexical, or Random.`,
  );
}

function keyFields(key: JsonObject, type: string, document: JsonObject): string[] {
  const fields = key['@fields'];
  if (fields === undefined) {
    throw new ApiError(
      'api:failure',
      { '@type': 'api:KeyMissingFields', 'api:key_type': type, 'api:document': document },
      `Missing required @fields array for key type ${JSON.stringify(type)}`,
    );
  }
  if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string')) {
    throw new ApiError(
      'api:failure',
      { '@type': 'api:KeyFieldsNotAnArray', 'api:fields': fields, 'api:document': document },
      'Key @fields value is not an array.',
    );
  }
  if (fields.length === 0) {
    throw new ApiError(
      'api:failure',
      { '@type': 'api:KeyFieldsIsEmpty', 'api:document': document },
      'Key @fields value is empty.',
    );
  }
  return fields as string[];
}

function resolveClass(
  draft: DraftClass,
  drafts: ReadonlyMap<string, DraftClass>,
  witnesses: JsonValue[],
  visiting: Set<string>,
): ClassSpec {
  visiting.add(draft.id);
  const inherited: FieldSpec[] = [];
  for (const parentName of draft.parents) {
    const parent = drafts.get(parentName);
    if (parent === undefined) {
      witnesses.push({ '@type': 'not_a_class', class: parentName, subclass: draft.id });
    } else if (visiting.has(parentName)) {
      witnesses.push({ '@type': 'cyclic_inheritance', class: draft.id, parent: parentName });
    } else {
      inherited.push(...resolveClass(parent, drafts, witnesses, visiting).fields);
    }
  }
  visiting.delete(draft.id);
  const fields = [...inherited.filter((field) => !draft.ownFields.some((own) => own.name === field.name))];
  fields.push(...draft.ownFields);
  return {
    kind: 'class',
    id: draft.id,
    ...(draft.base === undefined ? {} : { base: draft.base }),
    unfoldable: draft.unfoldable,
    key: draft.key,
    subdocument: draft.subdocument,
    abstract: draft.abstract,
    parents: draft.parents,
    fields,
  };
}

function checkClass(spec: ClassSpec, index: SchemaIndex, witnesses: JsonValue[]): void {
  for (const field of spec.fields) {
    const known = field.target.startsWith('xsd:')
      ? isSupportedBaseType(field.target)
      : index.has(field.target);
    if (!known) {
      witnesses.push({
        '@type': 'not_a_class_or_base_type',
        class: field.target,
        field: field.name,
        in: spec.id,
      });
    }
  }
  if (spec.key.type === 'Lexical' || spec.key.type === 'Hash') {
    for (const keyField of spec.key.fields) {
      if (!spec.fields.some((field) => field.name === keyField)) {
        witnesses.push({ '@type': 'key_field_not_in_class', class: spec.id, field: keyField });
      }
    }
  }
}
