import type { JsonObject } from './json-value.js';

/** A WOQL query node in the JSON-LD form the server accepts (what the npm client's builder emits). */
export type Woql = JsonObject;

/** A typed literal: `{"@type": "xsd:integer", "@value": 3}`. */
export interface WoqlLiteral extends JsonObject {
  readonly '@type': string;
  readonly '@value': string | number | boolean;
}

/** An operand: a variable, a node (document id or schema name) or a literal. */
export type WoqlTerm =
  | { readonly variable: string }
  | { readonly node: string }
  | { readonly data: WoqlLiteral };

export function variable(name: string): WoqlTerm {
  return { variable: name };
}

export function node(iri: string): WoqlTerm {
  return { node: iri };
}

export function literal(type: string, value: string | number | boolean): WoqlTerm {
  return { data: { '@type': type, '@value': value } };
}

function nodeValue(term: WoqlTerm): JsonObject {
  return { '@type': 'NodeValue', ...term };
}

function value(term: WoqlTerm): JsonObject {
  return { '@type': 'Value', ...term };
}

function dataValue(term: WoqlTerm): JsonObject {
  return { '@type': 'DataValue', ...term };
}

export const WOQL = {
  true: (): Woql => ({ '@type': 'True' }),
  false: (): Woql => ({ '@type': 'Not', query: { '@type': 'True' } }),
  and: (...queries: readonly Woql[]): Woql => ({ '@type': 'And', and: queries }),
  or: (...queries: readonly Woql[]): Woql => ({ '@type': 'Or', or: queries }),
  not: (query: Woql): Woql => ({ '@type': 'Not', query }),
  triple: (subject: WoqlTerm, predicate: string, object: WoqlTerm): Woql => ({
    '@type': 'Triple',
    subject: nodeValue(subject),
    predicate: nodeValue(node(predicate)),
    object: value(object),
  }),
  /** Follows `pattern` (see PathPattern) from subject to object. */
  path: (subject: WoqlTerm, pattern: Woql, object: WoqlTerm): Woql => ({
    '@type': 'Path',
    subject: nodeValue(subject),
    pattern,
    object: value(object),
  }),
  equals: (left: WoqlTerm, right: WoqlTerm): Woql => ({
    '@type': 'Equals',
    left: value(left),
    right: value(right),
  }),
  less: (left: WoqlTerm, right: WoqlTerm): Woql => ({
    '@type': 'Less',
    left: dataValue(left),
    right: dataValue(right),
  }),
  greater: (left: WoqlTerm, right: WoqlTerm): Woql => ({
    '@type': 'Greater',
    left: dataValue(left),
    right: dataValue(right),
  }),
  regexp: (pattern: string, subject: WoqlTerm, result: WoqlTerm): Woql => ({
    '@type': 'Regexp',
    pattern: dataValue(literal('xsd:string', pattern)),
    string: dataValue(subject),
    result: dataValue(result),
  }),
  readDocument: (identifier: WoqlTerm, document: WoqlTerm): Woql => ({
    '@type': 'ReadDocument',
    identifier: nodeValue(identifier),
    document: value(document),
  }),
  deleteDocument: (identifier: WoqlTerm): Woql => ({
    '@type': 'DeleteDocument',
    identifier: nodeValue(identifier),
  }),
  select: (variables: readonly string[], query: Woql): Woql => ({ '@type': 'Select', variables, query }),
  distinct: (variables: readonly string[], query: Woql): Woql => ({ '@type': 'Distinct', variables, query }),
  limit: (limit: number, query: Woql): Woql => ({ '@type': 'Limit', limit, query }),
  start: (start: number, query: Woql): Woql => ({ '@type': 'Start', start, query }),
  orderBy: (
    ordering: readonly { readonly variable: string; readonly order: 'asc' | 'desc' }[],
    query: Woql,
  ): Woql => ({
    '@type': 'OrderBy',
    ordering: ordering.map((entry) => ({
      '@type': 'OrderTemplate',
      variable: entry.variable,
      order: entry.order,
    })),
    query,
  }),
  count: (countVariable: string, query: Woql): Woql => ({
    '@type': 'Count',
    count: value(variable(countVariable)),
    query,
  }),
} as const;

/** Path patterns: the JSON of the npm client's `path()` syntax (`f`, `A,B`, `A*`). */
export const PathPattern = {
  predicate: (predicate: string): Woql => ({ '@type': 'PathPredicate', predicate }),
  sequence: (...steps: readonly Woql[]): Woql => ({ '@type': 'PathSequence', sequence: steps }),
  star: (pattern: Woql): Woql => ({ '@type': 'PathStar', star: pattern }),
} as const;

/** Hands out variable names that are unique within one query. */
export class VariableNames {
  private counter = 0;

  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }
}
