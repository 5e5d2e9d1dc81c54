import { ApiError, apiErrors } from './api-errors.js';
import type { IriContext } from './iri-context.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types.js';
import { assignId } from './key-strategy.js';
import type { ClassSpec, FieldSpec, SchemaIndex } from './schema-model.js';
import { className } from './schema-parser.js';
import type { StoredDocument, StoredField, StoredValue } from './stored-document.js';
import { CastError, castToXsd, expandXsd } from './xsd-types.js';

/**
 * Checks submitted instance documents against the schema and builds their stored form.
 * Structural mistakes (unknown type or property) throw at once, as on the server; value
 * mistakes (missing required field, uncastable value, wrong class) are collected as witnesses
 * and thrown together as `api:SchemaCheckFailure` by `finish()`.
 */
export class SchemaChecker {
  private readonly witnesses: JsonValue[] = [];
  /** Non-subdocument documents submitted inline in a field; they are inserted alongside. */
  readonly linkedDocuments: StoredDocument[] = [];

  constructor(
    private readonly schema: SchemaIndex,
    private readonly iri: IriContext,
  ) {}

  checkTopLevel(input: JsonValue): StoredDocument {
    if (!isJsonObject(input)) throw apiErrors.missingField('@type', input);
    const type = input['@type'];
    if (typeof type !== 'string') throw apiErrors.missingField('@type', input);
    const name = className(type, this.iri);
    const spec = this.schema.classNamed(name);
    if (spec === undefined) throw apiErrors.typeNotFound(type, input);
    if (spec.subdocument) throw apiErrors.insertedSubdocumentAsDocument(input);
    return this.checkDocument(input, spec, '');
  }

  /** Throws the collected witnesses, if any. */
  finish(): void {
    if (this.witnesses.length > 0) throw apiErrors.schemaCheckFailure(this.witnesses);
  }

  private checkDocument(input: JsonObject, spec: ClassSpec, pathPrefix: string): StoredDocument {
    const unknown: string[] = [];
    for (const key of Object.keys(input)) {
      if (key === '@id' || key === '@type') continue;
      if (key.startsWith('@')) throw apiErrors.notSupportedByEmulator(`the document keyword ${key}`);
      if (!spec.fields.some((field) => field.name === key)) unknown.push(this.schemaIri(key));
    }
    if (unknown.length > 0) {
      this.witnesses.push({
        '@type': 'unknown_property_for_type',
        document: this.expanded(input, spec),
        property: unknown,
        type: this.schemaIri(spec.id),
      });
    }
    const submittedId = input['@id'];
    if (submittedId !== undefined && typeof submittedId !== 'string')
      throw apiErrors.missingField('@id', input);

    const plainFields = new Map<string, StoredField>();
    const subdocumentFields = spec.fields.filter((field) => this.holdsSubdocuments(field));
    for (const field of spec.fields) {
      if (!subdocumentFields.includes(field)) {
        plainFields.set(
          field.name,
          this.checkField(field, input, spec, () => ''),
        );
      }
    }
    const id = assignId({
      spec,
      basePath: `${pathPrefix}${spec.base ?? `${spec.id}/`}`,
      fields: plainFields,
      submittedId,
      document: input,
      iri: this.iri,
    });
    const parentPath = `${this.iri.compress(id)}/`;
    const fields = new Map<string, StoredField>();
    for (const field of spec.fields) {
      fields.set(
        field.name,
        plainFields.get(field.name) ??
          this.checkField(field, input, spec, (index) =>
            index === undefined ? `${parentPath}${field.name}/` : `${parentPath}${field.name}/${index}/`,
          ),
      );
    }
    if (spec.abstract) {
      this.witnesses.push({
        '@type': 'reifying_abstract_class',
        class: this.schemaIri(spec.id),
        subject: id,
      });
    }
    return { id, type: spec.id, fields };
  }

  private schemaIri(name: string): string {
    return this.iri.expandSchema(name) ?? name;
  }

  /** The submitted document as witnesses show it: `@type` and property names as full IRIs. */
  private expanded(input: JsonObject, spec: ClassSpec): JsonObject {
    const document: JsonObject = {};
    for (const [key, value] of Object.entries(input)) {
      if (key === '@type') document[key] = this.schemaIri(spec.id);
      else if (key === '@id')
        document[key] = typeof value === 'string' ? (this.iri.expandInstance(value) ?? value) : value;
      else document[this.schemaIri(key)] = value;
    }
    if (document['@type'] === undefined) document['@type'] = this.schemaIri(spec.id);
    return document;
  }

  private holdsSubdocuments(field: FieldSpec): boolean {
    return this.schema.classNamed(field.target)?.subdocument === true;
  }

  private checkField(
    field: FieldSpec,
    input: JsonObject,
    spec: ClassSpec,
    subdocumentPath: (index: number | undefined) => string,
  ): StoredField {
    const raw = input[field.name];
    const ordered = field.cardinality === 'list' || field.cardinality === 'array';
    const minimum = field.minCardinality ?? 0;
    if (raw === undefined || raw === null) {
      if (field.cardinality === 'required' || field.cardinality === 'list' || minimum > 0) {
        this.witnesses.push({
          '@type': 'required_field_does_not_exist_in_document',
          document: this.expanded(input, spec),
          field: this.schemaIri(field.name),
        });
      }
      return { cardinality: field.cardinality, values: [] };
    }
    let items: JsonValue[];
    if (field.cardinality === 'required' || field.cardinality === 'optional') {
      if (Array.isArray(raw)) {
        this.witnesses.push({
          '@type': 'unexpected_list',
          type: field.target.startsWith('xsd:') ? expandXsd(field.target) : this.schemaIri(field.target),
          value: raw,
        });
        return { cardinality: field.cardinality, values: [] };
      }
      items = [raw];
    } else if (Array.isArray(raw)) {
      items = raw;
    } else if (field.cardinality === 'set') {
      items = [raw];
    } else {
      this.witnesses.push({ '@type': 'field_expects_list', field: field.name, value: raw });
      return { cardinality: field.cardinality, values: [] };
    }
    const values: StoredValue[] = [];
    items.forEach((item, index) => {
      const value = this.checkValue(field, item, subdocumentPath(ordered ? index : undefined));
      if (value !== undefined) values.push(value);
    });
    const stored = field.cardinality === 'set' ? distinct(values) : values;
    const maximum = field.maxCardinality ?? Number.POSITIVE_INFINITY;
    if (field.cardinality === 'set' && (stored.length < minimum || stored.length > maximum)) {
      this.witnesses.push({
        '@type': 'field_has_wrong_cardinality',
        actual: stored.length,
        document: this.expanded(input, spec),
        field: this.schemaIri(field.name),
        min: minimum,
        ...(field.maxCardinality === undefined ? {} : { max: field.maxCardinality }),
      });
    }
    return { cardinality: field.cardinality, values: stored };
  }

  private checkValue(field: FieldSpec, raw: JsonValue, subdocumentPath: string): StoredValue | undefined {
    const target = field.target;
    if (target.startsWith('xsd:')) {
      const value = isJsonObject(raw) && '@value' in raw ? (raw['@value'] as JsonValue) : raw;
      // The server refuses these at once, before any witness is collected.
      if (typeof value === 'boolean' && target !== 'xsd:boolean') {
        throw apiErrors.unexpectedBooleanValue(value, expandXsd(target));
      }
      try {
        if (isJsonObject(value) || Array.isArray(value)) throw new CastError(value, target);
        return { kind: 'literal', type: target, value: castToXsd(value, target) };
      } catch (error) {
        if (!(error instanceof CastError)) throw error;
        throw apiErrors.badCast(
          isJsonObject(value) || Array.isArray(value) ? JSON.stringify(value) : String(value),
          target,
        );
      }
    }
    const enumSpec = this.schema.enumNamed(target);
    if (enumSpec !== undefined) {
      const text =
        typeof raw === 'string' && raw.startsWith(`${target}/`) ? raw.slice(target.length + 1) : raw;
      if (typeof text === 'string' && enumSpec.values.includes(text)) {
        return { kind: 'enum', enumType: target, value: text };
      }
      this.witnesses.push({ '@type': 'not_a_valid_enum', enum: target, field: field.name, value: raw });
      return undefined;
    }
    return this.checkReference(field, raw, subdocumentPath);
  }

  private checkReference(field: FieldSpec, raw: JsonValue, subdocumentPath: string): StoredValue | undefined {
    if (typeof raw === 'string') return this.referenceTo(field, raw);
    if (!isJsonObject(raw)) {
      this.witnesses.push({ '@type': 'not_a_reference_or_document', field: field.name, value: raw });
      return undefined;
    }
    const keys = Object.keys(raw).filter((key) => !(key === '@type' && raw[key] === '@id'));
    if (keys.length === 1 && keys[0] === '@id' && typeof raw['@id'] === 'string') {
      return this.referenceTo(field, raw['@id']);
    }
    const declared = raw['@type'];
    const spec =
      typeof declared === 'string'
        ? this.schema.classNamed(className(declared, this.iri))
        : this.inferredClass(field, raw, subdocumentPath);
    if (spec === undefined && typeof declared !== 'string') return undefined;
    if (spec === undefined) throw apiErrors.typeNotFound(String(declared), raw);
    if (!this.schema.isSubclassOf(spec.id, field.target)) {
      this.witnesses.push({
        '@type': 'ascribed_type_not_subsumed',
        document: raw,
        ascribed_type: spec.id,
        required_type: field.target,
      });
      return undefined;
    }
    if (spec.subdocument) return { kind: 'sub', document: this.checkDocument(raw, spec, subdocumentPath) };
    const linked = this.checkDocument(raw, spec, '');
    this.linkedDocuments.push(linked);
    return { kind: 'ref', id: linked.id };
  }

  /**
   * A nested object without `@type`: the server tries every concrete class the field admits and
   * takes the one the object fits; none or several is a `no_unique_type_for_document` witness
   * keyed by the field's IRI.
   */
  private inferredClass(field: FieldSpec, raw: JsonObject, subdocumentPath: string): ClassSpec | undefined {
    const fitting = this.schema.concreteSubclassesOf(field.target).filter((candidate) => {
      const trial = new SchemaChecker(this.schema, this.iri);
      try {
        trial.checkDocument(raw, candidate, candidate.subdocument ? subdocumentPath : '');
        return trial.witnesses.length === 0;
      } catch (error) {
        if (error instanceof ApiError) return false;
        throw error;
      }
    });
    if (fitting.length === 1) return fitting[0];
    const witness: JsonObject = { '@type': 'no_unique_type_for_document', document: raw };
    if (fitting.length > 1) witness.candidates = fitting.map((candidate) => this.schemaIri(candidate.id));
    this.witnesses.push({ [this.schemaIri(field.name)]: witness });
    return undefined;
  }

  private referenceTo(field: FieldSpec, id: string): StoredValue | undefined {
    if (this.schema.classNamed(field.target)?.subdocument === true) {
      this.witnesses.push({ '@type': 'subdocument_given_as_reference', field: field.name, value: id });
      return undefined;
    }
    const expanded = this.iri.expandInstance(id);
    if (expanded === undefined) {
      this.witnesses.push({ '@type': 'unknown_prefix_in_reference', field: field.name, value: id });
      return undefined;
    }
    return { kind: 'ref', id: expanded };
  }
}

function distinct(values: StoredValue[]): StoredValue[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = JSON.stringify(value.kind === 'sub' ? value.document.id : value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
