import { apiErrors } from './api-errors.js';
import { compareExact, isLosslessNumber } from './exact-json.js';
import type { IriContext } from './iri-context.js';
import { isJsonObject, type JsonObject, type JsonValue, jsonEquals } from './json-types.js';
import { isDateTimeType, type LiteralValue, numericFamily } from './xsd-types.js';

/**
 * A value a WOQL variable can hold. Nodes are full IRIs; literal types are written compressed
 * (`xsd:string`); `json` holds document JSON as ReadDocument and Dot produce it; `edge` is one
 * step of a Path.
 */
export type Term =
  | { readonly kind: 'node'; readonly iri: string }
  | { readonly kind: 'literal'; readonly type: string; readonly value: LiteralValue }
  | { readonly kind: 'list'; readonly items: readonly Term[] }
  | { readonly kind: 'json'; readonly value: JsonValue }
  | { readonly kind: 'edge'; readonly subject: Term; readonly predicate: string; readonly object: Term };

export const node = (iri: string): Term => ({ kind: 'node', iri });
export const literal = (type: string, value: LiteralValue): Term => ({ kind: 'literal', type, value });

/** Structural identity (Prolog unification of ground terms): same kind, same type, same value. */
export function sameTerm(a: Term, b: Term): boolean {
  switch (a.kind) {
    case 'node':
      return b.kind === 'node' && a.iri === b.iri;
    case 'literal':
      return b.kind === 'literal' && a.type === b.type && String(a.value) === String(b.value);
    case 'list':
      return (
        b.kind === 'list' &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => sameTerm(item, b.items[i] as Term))
      );
    case 'json':
      return b.kind === 'json' && jsonEquals(a.value, b.value);
    case 'edge':
      return (
        b.kind === 'edge' &&
        a.predicate === b.predicate &&
        sameTerm(a.subject, b.subject) &&
        sameTerm(a.object, b.object)
      );
  }
}

/**
 * WOQL `Equals`: numbers of one family compare by value (`2` integer equals `2.0` decimal);
 * mixing the rational and floating point families is an error, as on the server.
 */
export function woqlEquals(a: Term, b: Term): boolean {
  const numeric = numericPair(a, b);
  return numeric === undefined ? sameTerm(a, b) : compareNumbers(numeric) === 0;
}

/** WOQL `Less`/`Greater`: numbers by value, date-times by time, anything else by standard order. */
export function woqlCompare(a: Term, b: Term): number {
  const numeric = numericPair(a, b);
  if (numeric !== undefined) return compareNumbers(numeric);
  if (a.kind === 'literal' && b.kind === 'literal' && isDateTimeType(a.type) && isDateTimeType(b.type)) {
    return Math.sign(Date.parse(String(a.value)) - Date.parse(String(b.value)));
  }
  return standardOrder(a, b);
}

type NumericPair = readonly [LiteralValue, LiteralValue];

/** Integers and decimals compare exactly (they may be beyond a double); floats and doubles as doubles. */
function compareNumbers([a, b]: NumericPair): number {
  if (typeof a === 'number' || isLosslessNumber(a)) {
    if (typeof b === 'number' || isLosslessNumber(b)) return compareExact(a, b);
  }
  return Math.sign(Number(a) - Number(b));
}

function numericPair(a: Term, b: Term): NumericPair | undefined {
  if (a.kind !== 'literal' || b.kind !== 'literal') return undefined;
  const familyA = numericFamily(a.type);
  const familyB = numericFamily(b.type);
  if (familyA === undefined || familyB === undefined) return undefined;
  if (familyA !== familyB) {
    throw apiErrors.incompatibleNumericComparison(
      `${String(a.value)} (${a.type})`,
      `${String(b.value)} (${b.type})`,
    );
  }
  return [a.value, b.value];
}

/**
 * An approximation of Prolog's standard order of terms, used by OrderBy: unbound first, then
 * numbers, then nodes (atoms), then strings, then literals and other compound terms. Literals
 * compare by value first, then type; date-times compare by time.
 */
export function standardOrder(a: Term | undefined, b: Term | undefined): number {
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA !== rankB || a === undefined || b === undefined) return rankA - rankB;
  if (a.kind === 'node' && b.kind === 'node') return compareText(a.iri, b.iri);
  if (a.kind === 'literal' && b.kind === 'literal') {
    if (isDateTimeType(a.type) && isDateTimeType(b.type)) {
      return Math.sign(Date.parse(String(a.value)) - Date.parse(String(b.value)));
    }
    return comparePrimitive(a.value, b.value) || compareText(a.type, b.type);
  }
  if (a.kind === 'json' && b.kind === 'json')
    return compareText(JSON.stringify(a.value), JSON.stringify(b.value));
  return compareText(JSON.stringify(a), JSON.stringify(b));
}

function rank(term: Term | undefined): number {
  if (term === undefined) return 0;
  if (term.kind === 'json') {
    if (typeof term.value === 'number' || isLosslessNumber(term.value)) return 1;
    if (typeof term.value === 'string') return 3;
    return 4;
  }
  if (term.kind === 'node') return 2;
  return 4;
}

function comparePrimitive(a: LiteralValue, b: LiteralValue): number {
  const numeric = (value: LiteralValue) => typeof value === 'number' || isLosslessNumber(value);
  const order = (value: LiteralValue) => (numeric(value) ? 1 : typeof value === 'boolean' ? 2 : 3);
  if (order(a) !== order(b)) return order(a) - order(b);
  if (numeric(a) && numeric(b)) return compareExact(a as number, b as number);
  return compareText(String(a), String(b));
}

/**
 * Prolog compares atoms and strings by character code, i.e. by Unicode code point. JavaScript's
 * `<` compares UTF-16 units, which puts astral characters (emoji) before U+E000..U+FFFF.
 */
function compareText(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i] as string).codePointAt(0)! - (right[i] as string).codePointAt(0)!;
    if (difference !== 0) return Math.sign(difference);
  }
  return Math.sign(left.length - right.length);
}

/** A term as the server writes it in `bindings`: ids compressed, literals as `{"@type","@value"}`. */
export function renderTerm(term: Term, iri: IriContext): JsonValue {
  switch (term.kind) {
    case 'node':
      return iri.compress(term.iri);
    case 'literal':
      return { '@type': term.type, '@value': term.value };
    case 'list':
      return term.items.map((item) => renderTerm(item, iri));
    case 'json':
      return term.value;
    case 'edge':
      return {
        '@type': 'woql:Edge',
        'woql:subject': renderTerm(term.subject, iri),
        'woql:predicate': iri.compress(term.predicate),
        'woql:object': renderTerm(term.object, iri),
      };
  }
}

/**
 * Dot on an edge accepts `subject`, `woql:subject` or the full IRI, like the server's dot_field;
 * on a document it reads the key as written.
 */
export function dotField(container: Term, field: string): Term | undefined {
  if (container.kind === 'edge') {
    const name = field.replace(/^(woql:|http:\/\/terminusdb\.com\/schema\/woql#)/, '');
    if (name === 'subject') return container.subject;
    if (name === 'predicate') return node(container.predicate);
    if (name === 'object') return container.object;
    return undefined;
  }
  if (container.kind !== 'json' || !isJsonObject(container.value)) return undefined;
  const document: JsonObject = container.value;
  const value = document[field];
  return value === undefined ? undefined : { kind: 'json', value };
}
