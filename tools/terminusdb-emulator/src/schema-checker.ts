import { apiErrors } from './api-errors.js';
import type { IriContext } from './iri-context.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types.js';
import { assignId } from './key-strategy.js';
import type { ClassSpec, FieldSpec, SchemaIndex } from './schema-model.js';
import { className } from './schema-parser.js';
import type { StoredDocument, StoredField, StoredValue } from './stored-document.js';
import { CastError, castToXsd } from './xsd-types.js';

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
    if (spec.abstract) this.witnesses.push({ '@type': 'abstract_class_instantiated', class: spec.id });
    for (const key of Object.keys(input)) {
      if (key === '@id' || key === '@type') continue;
      if (key.startsWith('@')) throw apiErrors.notSupportedByEmulator(`the document keyword ${key}`);
      if (!spec.fields.some((field) => field.name === key))
        throw apiErrors.unrecognizedProperty(spec.id, key, input);
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
          this.checkField(field, input, () => ''),
        );
      }
    }
    const id = assignId({
      spec,
      basePath: `${pathPrefix}${spec.id}/`,
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
          this.checkField(field, input, (index) =>
            index === undefined ? `${parentPath}${field.name}/` : `${parentPath}${field.name}/${index}/`,
          ),
      );
    }
    return { id, type: spec.id, fields };
  }

  private holdsSubdocuments(field: FieldSpec): boolean {
    return this.schema.classNamed(field.target)?.subdocument === true;
  }

  private checkField(
    field: FieldSpec,
    input: JsonObject,
    subdocumentPath: (index: number | undefined) => string,
  ): StoredField {
    const raw = input[field.name];
    const ordered = field.cardinality === 'list' || field.cardinality === 'array';
    if (raw === undefined || raw === null) {
      if (field.cardinality === 'required' || field.cardinality === 'list') {
        this.witnesses.push({
          '@type': 'required_field_does_not_exist_in_document',
          document: input,
          field: field.name,
        });
      }
      return { cardinality: field.cardinality, values: [] };
    }
    let items: JsonValue[];
    if (field.cardinality === 'required' || field.cardinality === 'optional') {
      if (Array.isArray(raw)) {
        this.witnesses.push({ '@type': 'field_expects_single_value', field: field.name, value: raw });
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
    return {
      cardinality: field.cardinality,
      values: field.cardinality === 'set' ? distinct(values) : values,
    };
  }

  private checkValue(field: FieldSpec, raw: JsonValue, subdocumentPath: string): StoredValue | undefined {
    const target = field.target;
    if (target.startsWith('xsd:')) {
      const value = isJsonObject(raw) && '@value' in raw ? (raw['@value'] as JsonValue) : raw;
      try {
        if (typeof value === 'object' && value !== null) throw new CastError(value, target);
        return { kind: 'literal', type: target, value: castToXsd(value, target) };
      } catch (error) {
        if (!(error instanceof CastError)) throw error;
        this.witnesses.push({
          '@type': 'could_not_interpret_as_type',
          field: field.name,
          value,
          type: target,
        });
        return undefined;
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
    const spec = this.schema.classNamed(
      typeof declared === 'string' ? className(declared, this.iri) : field.target,
    );
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
