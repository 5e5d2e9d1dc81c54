import { apiErrors } from './api-errors.js';
import type { IriContext } from './iri-context.js';
import { isJsonObject, type JsonValue } from './json-types.js';
import { compilePcre } from './pcre-regex.js';
import type { FieldSpec, SchemaIndex } from './schema-model.js';
import { className } from './schema-parser.js';
import type { StoredDocument, StoredField, StoredValue } from './stored-document.js';
import { CastError, castToXsd, type LiteralValue } from './xsd-types.js';

type DocumentMatcher = (document: StoredDocument) => boolean;
type FieldMatcher = (field: StoredField | undefined) => boolean;

interface QueryContext {
  readonly schema: SchemaIndex;
  readonly iri: IriContext;
  readonly lookup: (id: string) => StoredDocument | undefined;
}

/**
 * Compiles a query-by-template (`{"type": ..., "query": {...}}`) into a document predicate,
 * raising the server's query errors for unknown properties, uncastable values and bad regexes.
 *
 * Semantics: every property in the template must match; a field with several values matches
 * when one value does; `{"@regex"}` searches string fields; `{"@one-of": [...]}` and
 * `{"@all": [...]}` combine templates (or field values); `{"@if-exists": q}` matches a missing
 * field or one that matches `q`; `null` matches a missing field; nested objects match linked
 * documents and subdocuments.
 */
export function compileTemplate(
  type: string | undefined,
  query: JsonValue,
  context: QueryContext,
): { readonly type: string; readonly matches: DocumentMatcher } {
  const declared = isJsonObject(query) && typeof query['@type'] === 'string' ? query['@type'] : type;
  if (declared === undefined)
    throw apiErrors.queryError('api:QueryMissingType', `Missing type for query: ${JSON.stringify(query)}`);
  const name = className(declared, context.iri);
  if (context.schema.classNamed(name) === undefined) {
    throw apiErrors.queryError(
      'api:QueryTypeNotFound',
      `Query provided a type ${JSON.stringify(declared)} which was not found in the schema.`,
    );
  }
  return { type: name, matches: classMatcher(name, query, context) };
}

function classMatcher(type: string, query: JsonValue, context: QueryContext): DocumentMatcher {
  if (!isJsonObject(query))
    throw apiErrors.queryError('api:QueryNotADict', `Query provided is not a dict: ${JSON.stringify(query)}`);
  const oneOf = query['@one-of'];
  if (oneOf !== undefined) {
    const alternatives = templateList(oneOf).map((item) => classMatcher(type, item, context));
    return (document) => alternatives.some((matches) => matches(document));
  }
  const all = query['@all'];
  if (all !== undefined) {
    const conditions = templateList(all).map((item) => classMatcher(type, item, context));
    return (document) => conditions.every((matches) => matches(document));
  }
  const conditions: DocumentMatcher[] = [];
  for (const [property, subquery] of Object.entries(query)) {
    if (property === '@type') {
      const wanted = className(String(subquery), context.iri);
      conditions.push((document) => context.schema.isSubclassOf(document.type, wanted));
    } else if (property === '@id') {
      conditions.push(idMatcher(subquery, context));
    } else {
      const field = context.schema.field(type, property);
      if (field === undefined) {
        throw apiErrors.queryError(
          'api:QueryUnrecognizedPropertyForType',
          `Query contains an unrecognised property ${JSON.stringify(property)} for type ${JSON.stringify(type)}`,
        );
      }
      const matches = fieldMatcher(field, subquery, context);
      conditions.push((document) => matches(document.fields.get(property)));
    }
  }
  return (document) => conditions.every((matches) => matches(document));
}

function idMatcher(query: JsonValue, context: QueryContext): DocumentMatcher {
  const ids =
    typeof query === 'string' ? [query] : isJsonObject(query) ? templateList(query['@one-of'] ?? []) : [];
  if (!ids.every((id) => typeof id === 'string')) {
    throw apiErrors.queryError('api:QueryUnrecognized', 'Query document has an unrecognised form');
  }
  const expanded = new Set(ids.map((id) => context.iri.expandInstance(id as string)));
  return (document) => expanded.has(document.id);
}

function fieldMatcher(field: FieldSpec, query: JsonValue, context: QueryContext): FieldMatcher {
  if (query === null) return (stored) => (stored?.values.length ?? 0) === 0;
  if (isJsonObject(query)) {
    if ('@if-exists' in query) {
      const inner = fieldMatcher(field, query['@if-exists'] as JsonValue, context);
      return (stored) => (stored?.values.length ?? 0) === 0 || inner(stored);
    }
    if ('@one-of' in query) {
      const alternatives = templateList(query['@one-of'] as JsonValue).map((item) =>
        fieldMatcher(field, item, context),
      );
      return (stored) => alternatives.some((matches) => matches(stored));
    }
    if ('@all' in query) {
      const conditions = templateList(query['@all'] as JsonValue).map((item) =>
        fieldMatcher(field, item, context),
      );
      return (stored) => conditions.every((matches) => matches(stored));
    }
    if ('@regex' in query) return regexMatcher(field, query['@regex'] as JsonValue);
  }
  const valueMatches = valueMatcher(field, query, context);
  return (stored) => stored?.values.some(valueMatches) === true;
}

function regexMatcher(field: FieldSpec, pattern: JsonValue): FieldMatcher {
  if (typeof pattern !== 'string') {
    throw apiErrors.queryError(
      'api:QueryRegexNotString',
      `Query contains a regex ${JSON.stringify(pattern)} which is not a string`,
    );
  }
  if (field.target !== 'xsd:string') {
    throw apiErrors.queryError(
      'api:QueryRegexNotAString',
      `Query contains a regex ${JSON.stringify(pattern)} which is attempting to match a ${JSON.stringify(field.target)}`,
    );
  }
  const compiled = compilePcre(pattern);
  if (!compiled.ok) {
    throw apiErrors.queryError(
      'api:QueryRegexInvalid',
      `Query contains a regex ${JSON.stringify(pattern)} which is not valid syntax`,
    );
  }
  return (stored) =>
    stored?.values.some((value) => value.kind === 'literal' && compiled.regex.test(String(value.value))) ===
    true;
}

function valueMatcher(
  field: FieldSpec,
  query: JsonValue,
  context: QueryContext,
): (value: StoredValue) => boolean {
  const target = field.target;
  if (target.startsWith('xsd:')) {
    if (typeof query === 'object' && query !== null) {
      throw apiErrors.queryError(
        'api:QueryInvalidFormat',
        `Query format ${JSON.stringify(query)} is invalid for type ${JSON.stringify(target)}`,
      );
    }
    let wanted: LiteralValue;
    try {
      wanted = castToXsd(query, target);
    } catch (error) {
      if (!(error instanceof CastError)) throw error;
      throw apiErrors.queryError(
        'api:QueryCastingError',
        `Query contains a value ${JSON.stringify(query)} which can not be cast to the given type ${JSON.stringify(target)}`,
      );
    }
    return (value) => value.kind === 'literal' && String(value.value) === String(wanted);
  }
  const enumSpec = context.schema.enumNamed(target);
  if (enumSpec !== undefined) {
    if (typeof query !== 'string' || !enumSpec.values.includes(query)) {
      throw apiErrors.queryError(
        'api:QueryValueNotInEnum',
        `Query value ${JSON.stringify(query)} is not in the enum ${target}`,
      );
    }
    return (value) => value.kind === 'enum' && value.value === query;
  }
  if (typeof query === 'string') {
    const id = context.iri.expandInstance(query);
    return (value) => linkedId(value) === id;
  }
  if (isJsonObject(query)) {
    if (Object.keys(query).length === 0) return () => true;
    const nested = classMatcher(target, query, context);
    return (value) => {
      const document =
        value.kind === 'sub' ? value.document : value.kind === 'ref' ? context.lookup(value.id) : undefined;
      return document !== undefined && nested(document);
    };
  }
  throw apiErrors.queryError(
    'api:QueryInvalidFormat',
    `Query format ${JSON.stringify(query)} is invalid for type ${JSON.stringify(target)}`,
  );
}

function linkedId(value: StoredValue): string | undefined {
  return value.kind === 'ref' ? value.id : value.kind === 'sub' ? value.document.id : undefined;
}

function templateList(value: JsonValue): JsonValue[] {
  if (!Array.isArray(value)) {
    throw apiErrors.queryError(
      'api:QueryOneOfNotDocumentList',
      `Query did not specify a list of documents: ${JSON.stringify(value)}`,
    );
  }
  return value;
}
