import {
  ConfigurationError,
  type FieldDescriptor,
  ID_FIELD,
  type Model,
  StorageBackend,
} from '@sqh/core/spi';
import { RECORD_ID_PROPERTY } from './document-id.js';
import type { JsonObject } from './json-value.js';

export type XsdType = 'xsd:string' | 'xsd:integer' | 'xsd:double' | 'xsd:boolean' | 'xsd:dateTime';

/** How many values a property holds: TerminusDB's plain field and type families. */
export type PropertyFamily = 'required' | 'optional' | 'list' | 'set';

/**
 * What one stored value is: a typed literal, a link to a document of another
 * class, or the record id (an xsd:string; inputs may carry the class prefix).
 */
export type PropertyRange =
  | { readonly kind: 'literal'; readonly type: XsdType }
  | { readonly kind: 'link'; readonly className: string; readonly model: Model }
  | { readonly kind: 'recordId'; readonly className: string };

export interface PropertyMapping {
  readonly field: FieldDescriptor;
  /** The TerminusDB property: the field name, or RECORD_ID_PROPERTY for `id`. */
  readonly predicate: string;
  readonly family: PropertyFamily;
  readonly range: PropertyRange;
  /** The value is stored as JSON text in one xsd:string (json fields, optional string arrays). */
  readonly jsonText: boolean;
}

/** A model as a TerminusDB class: its name, its properties and its schema document. */
export interface ClassMapping {
  readonly model: Model;
  readonly className: string;
  readonly properties: readonly PropertyMapping[];
  readonly schemaDocument: JsonObject;
  /** Models this class links to; their classes must exist before this one. */
  readonly linkedModels: readonly Model[];
  /** The mapping of a field, `id` included (stored in RECORD_ID_PROPERTY). */
  property(name: string): PropertyMapping | undefined;
}

/** Finds a model by its `group/Model` key (relation targets). */
export type ModelLookup = (key: string) => Model | undefined;

const LITERAL_TYPES: Readonly<Record<Exclude<FieldDescriptor['kind'], 'stringArray' | 'json'>, XsdType>> = {
  string: 'xsd:string',
  // Core enforces the allowed values on every write; a plain string keeps filters, ordering and
  // adding an enum value free of schema changes (an Enum class would need a class replacement).
  enum: 'xsd:string',
  integer: 'xsd:integer',
  // JavaScript numbers are IEEE-754 doubles: xsd:double stores every one of them exactly and
  // compares them the way core's reference evaluator does.
  number: 'xsd:double',
  boolean: 'xsd:boolean',
  date: 'xsd:dateTime',
};

/** The class name of a model: its `tableName` when given, else its model name. */
function classNameOf(model: Model): string {
  return model.storage.tableName ?? model.name;
}

/**
 * Maps a model's field descriptors to a TerminusDB class. Every class uses a
 * `Random` key: the backend always submits `@id` itself (`Class/` and the
 * percent-encoded record id, chosen or generated), which a Random key accepts
 * as long as it carries the class prefix. The backend computes ids without
 * asking the server, and no field value is frozen into them (a Lexical key
 * would make its fields immutable and ids depend on TerminusDB's encoding).
 * The record id is also stored as text in the hidden RECORD_ID_PROPERTY.
 */
export function mapModel(model: Model, lookup: ModelLookup): ClassMapping {
  const className = classNameOf(model);
  if (model.field(RECORD_ID_PROPERTY)) {
    throw new ConfigurationError(
      `${model.key}: the field name '${RECORD_ID_PROPERTY}' is reserved by the TerminusDB backend; rename the field.`,
    );
  }
  const properties = model.fields.map((field) => mapField(model, field, lookup));
  const idProperty: PropertyMapping = {
    field: model.field(ID_FIELD) as FieldDescriptor,
    predicate: RECORD_ID_PROPERTY,
    family: 'required',
    range: { kind: 'recordId', className },
    jsonText: false,
  };
  const byName = new Map([
    [ID_FIELD, idProperty],
    ...properties.map((property) => [property.field.name, property] as const),
  ]);
  const schemaDocument: Record<string, unknown> = {
    '@type': 'Class',
    '@id': className,
    '@key': { '@type': 'Random' },
    [RECORD_ID_PROPERTY]: 'xsd:string',
  };
  for (const property of properties) schemaDocument[property.field.name] = propertySchema(property);
  const linkedModels = [
    ...new Set(
      properties.flatMap((property) => (property.range.kind === 'link' ? [property.range.model] : [])),
    ),
  ];
  return Object.freeze({
    model,
    className,
    properties: Object.freeze(properties),
    schemaDocument: schemaDocument as JsonObject,
    linkedModels: Object.freeze(linkedModels),
    property: (name: string) => byName.get(name),
  });
}

function mapField(model: Model, field: FieldDescriptor, lookup: ModelLookup): PropertyMapping {
  const range = rangeOf(model, field, lookup);
  const absentAllowed = field.optional || field.nullable;
  const mapped = (family: PropertyFamily, jsonText = false): PropertyMapping => ({
    field,
    predicate: field.name,
    family,
    range,
    jsonText,
  });
  if (field.kind === 'json') return mapped(absentAllowed ? 'optional' : 'required', true);
  if (field.kind !== 'stringArray') return mapped(absentAllowed ? 'optional' : 'required');
  if (range.kind === 'link') {
    // Links stay real edges for graph queries, even though an optional list of links
    // then becomes a Set: type families do not nest, so there is no Optional List.
    return mapped(field.container === 'array' && !absentAllowed ? 'list' : 'set');
  }
  // An Optional List cannot be declared and a Set cannot tell [] from absent,
  // so an optional string array is kept exactly as JSON text.
  if (absentAllowed) return mapped('optional', true);
  return mapped(field.container === 'set' ? 'set' : 'list');
}

function rangeOf(model: Model, field: FieldDescriptor, lookup: ModelLookup): PropertyRange {
  if (field.reference !== undefined) {
    const target = lookup(field.reference);
    if (target === undefined) {
      throw new ConfigurationError(
        `${model.key}: relation '${field.name}' points at ${field.reference}, which the TerminusDB backend does not know; register that model.`,
      );
    }
    // A relation to a model stored elsewhere cannot be an edge: it keeps the target's id as text.
    if (target.storage.backend === StorageBackend.TERMINUSDB) {
      return { kind: 'link', className: classNameOf(target), model: target };
    }
    return { kind: 'literal', type: 'xsd:string' };
  }
  if (field.kind === 'stringArray' || field.kind === 'json') return { kind: 'literal', type: 'xsd:string' };
  return { kind: 'literal', type: LITERAL_TYPES[field.kind] };
}

function propertySchema(property: PropertyMapping): unknown {
  const range = property.range.kind === 'link' ? property.range.className : rangeTypeOf(property.range);
  switch (property.family) {
    case 'required':
      return range;
    case 'optional':
      return { '@type': 'Optional', '@class': range };
    case 'list':
      return { '@type': 'List', '@class': range };
    case 'set':
      return { '@type': 'Set', '@class': range };
  }
}

/** The xsd type of a literal range (record ids are strings). */
export function rangeTypeOf(range: Exclude<PropertyRange, { kind: 'link' }>): XsdType {
  return range.kind === 'literal' ? range.type : 'xsd:string';
}
