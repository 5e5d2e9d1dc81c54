import { createHash, randomBytes } from 'node:crypto';
import { apiErrors } from './api-errors.js';
import { DEFAULT_RENDER, renderFields } from './document-renderer.js';
import { encodeIdFragment, encodeSegment } from './id-encoding.js';
import type { IriContext } from './iri-context.js';
import { canonicalJson, type JsonObject } from './json-types.js';
import type { ClassSpec } from './schema-model.js';
import type { StoredField, StoredValue } from './stored-document.js';
import { lexicalForm } from './xsd-types.js';

export interface KeyInput {
  readonly spec: ClassSpec;
  /** The compressed id prefix, ending in `/`: `Person/`, or `Person/Ann/address/Address/` for a subdocument. */
  readonly basePath: string;
  /** The document's non-subdocument fields, already checked. */
  readonly fields: ReadonlyMap<string, StoredField>;
  readonly submittedId: string | undefined;
  readonly document: JsonObject;
  readonly iri: IriContext;
}

/**
 * Assigns a document its full IRI by the class's `@key`:
 * Lexical = base + encoded key values joined by `+`; Hash = base + sha256 of that suffix;
 * ValueHash = base + sha256 of the content; Random and no key = the submitted id (which must
 * start with the base) or base + 16 random URL-safe base64 characters.
 */
export function assignId(input: KeyInput): string {
  const { spec, iri } = input;
  const base = expand(iri, input.basePath);
  let generated: string;
  switch (spec.key.type) {
    case 'Lexical':
      generated = base + lexicalSuffix(spec.key.fields, input);
      break;
    case 'Hash':
      generated = base + sha256(lexicalSuffix(spec.key.fields, input));
      break;
    case 'ValueHash':
      generated = base + sha256(canonicalJson(renderFields(input.fields, iri, DEFAULT_RENDER)));
      break;
    default:
      return randomOrSubmittedId(input, base);
  }
  if (input.submittedId !== undefined) {
    const submitted = expand(iri, input.submittedId);
    if (submitted !== generated) {
      throw apiErrors.submittedIdDoesNotMatchGeneratedId(submitted, generated, input.document);
    }
  }
  return generated;
}

function randomOrSubmittedId(input: KeyInput, base: string): string {
  if (input.submittedId === undefined) return base + randomBytes(12).toString('base64url');
  const submitted = expand(input.iri, input.submittedId);
  if (!submitted.startsWith(base) || submitted === base) {
    throw apiErrors.submittedIdWithoutExpectedPrefix(submitted, base, input.document);
  }
  return submitted;
}

function lexicalSuffix(keyFields: readonly string[], input: KeyInput): string {
  return keyFields
    .map((name) => {
      const values = (input.fields.get(name)?.values ?? []).map((value) => keyText(value, input.iri));
      if (values.length === 0) return '+none+';
      const field = input.spec.fields.find((candidate) => candidate.name === name);
      const ordered = field?.cardinality === 'set' ? [...values].sort() : values;
      return ordered.map(encodeIdFragment).join('++');
    })
    .join('+');
}

/** References and enum values take part in keys as full IRIs, as on the server. */
function keyText(value: StoredValue, iri: IriContext): string {
  switch (value.kind) {
    case 'literal':
      return lexicalForm(value.value);
    case 'ref':
      return value.id;
    case 'enum':
      return `${iri.prefixes.schema}${value.enumType}/${encodeSegment(value.value)}`;
    case 'sub':
      throw apiErrors.notSupportedByEmulator('subdocument fields inside a Lexical or Hash key');
  }
}

function expand(iri: IriContext, id: string): string {
  return iri.expandInstance(id) ?? id;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
