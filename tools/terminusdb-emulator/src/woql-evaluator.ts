import { apiErrors } from './api-errors.js';
import { DEFAULT_RENDER, renderDocument } from './document-renderer.js';
import { compressDatatype, GLOBAL_PREFIXES, type IriContext } from './iri-context.js';
import { isJsonObject, type JsonValue } from './json-types.js';
import { matchPath } from './path-pattern.js';
import { compilePcre } from './pcre-regex.js';
import type { SchemaIndex } from './schema-model.js';
import type { TripleView } from './triple-view.js';
import { type ArithExpr, evaluateArithmetic } from './woql-arithmetic.js';
import type { Query, ValueExpr } from './woql-ast.js';
import { type Bindings, boundValue, optional, project, unify, unifyAll } from './woql-bindings.js';
import { groupSolutions } from './woql-group-by.js';
import { isReady, unboundInputs } from './woql-modes.js';
import { isubSimilarity } from './woql-similarity.js';
import { dotField, literal, node, standardOrder, type Term, woqlCompare, woqlEquals } from './woql-terms.js';
import { CastError, castToXsd, numericFamily } from './xsd-types.js';

export interface WoqlGraph {
  readonly triples: TripleView;
  readonly schema: SchemaIndex;
  readonly iri: IriContext;
  /**
   * Full IRIs of the documents `DeleteDocument` asked to delete. The query reads the state it
   * started from; the caller applies the deletions afterwards, as one commit.
   */
  readonly deletions: Set<string>;
}

const SYS_TOP = `${GLOBAL_PREFIXES.sys}Top`;

/**
 * Evaluates WOQL queries as Prolog would, solution by solution. Within `And`, a conjunct whose
 * inputs are not bound yet (a comparison, a regexp, a negation sharing variables with later
 * conjuncts...) waits until they are, like the server's query reordering; a conjunct that can
 * never run is a `api:WOQLModeError`, never a silently wrong answer.
 */
export class WoqlEvaluator {
  constructor(private readonly graph: WoqlGraph) {}

  *solve(query: Query, bindings: Bindings): Generator<Bindings> {
    switch (query.type) {
      case 'And':
        yield* this.conjunction(query.queries, bindings);
        return;
      case 'Or':
        for (const branch of query.queries) yield* this.solve(branch, bindings);
        return;
      case 'Not':
        if (this.solve(query.query, bindings).next().done === true) yield bindings;
        return;
      case 'Optional': {
        let found = false;
        for (const solution of this.solve(query.query, bindings)) {
          found = true;
          yield solution;
        }
        if (!found) yield bindings;
        return;
      }
      case 'Immediately':
        // Only matters for writes, which then commit as they happen; reads run unchanged.
        yield* this.solve(query.query, bindings);
        return;
      case 'GroupBy':
        yield* groupSolutions(
          this.solve(query.query, bindings),
          query.groupBy,
          query.template,
          query.grouped,
          bindings,
        );
        return;
      case 'Once': {
        const first = this.solve(query.query, bindings).next();
        if (first.done !== true) yield first.value;
        return;
      }
      case 'True':
        yield bindings;
        return;
      case 'Select':
        for (const solution of this.solve(query.query, bindings)) {
          yield project(solution, [...bindings.keys(), ...query.variables]);
        }
        return;
      case 'Distinct': {
        const seen = new Set<string>();
        for (const solution of this.solve(query.query, bindings)) {
          const key = JSON.stringify(query.variables.map((name) => solution.get(name) ?? null));
          if (seen.has(key)) continue;
          seen.add(key);
          yield solution;
        }
        return;
      }
      case 'Limit': {
        if (query.amount === 0) return;
        let taken = 0;
        for (const solution of this.solve(query.query, bindings)) {
          yield solution;
          if (++taken >= query.amount) return;
        }
        return;
      }
      case 'Start': {
        let skipped = 0;
        for (const solution of this.solve(query.query, bindings)) {
          if (skipped++ >= query.amount) yield solution;
        }
        return;
      }
      case 'OrderBy': {
        const solutions = [...this.solve(query.query, bindings)];
        solutions.sort((a, b) => {
          for (const { variable, order } of query.ordering) {
            const compared = standardOrder(a.get(variable), b.get(variable));
            if (compared !== 0) return order === 'asc' ? compared : -compared;
          }
          return 0;
        });
        yield* solutions;
        return;
      }
      case 'Count': {
        let count = 0;
        for (const _ of this.solve(query.query, bindings)) count++;
        yield* optional(unify(query.count, literal('xsd:decimal', count), bindings));
        return;
      }
      case 'Triple':
        yield* this.triple(query, bindings);
        return;
      case 'Path':
        yield* this.path(query, bindings);
        return;
      default:
        yield* this.builtin(query, bindings);
    }
  }

  private *conjunction(pending: readonly Query[], bindings: Bindings): Generator<Bindings> {
    if (pending.length === 0) {
      yield bindings;
      return;
    }
    const index = pending.findIndex((query, i) =>
      isReady(
        query,
        bindings,
        pending.filter((_, j) => j !== i),
      ),
    );
    if (index === -1) {
      // Equals with both sides unbound unifies them: it holds, binding nothing, once nothing else can run.
      const unifying = pending.findIndex((query) => query.type === 'Equals');
      if (unifying === -1) throw apiErrors.noViableMode(unboundInputs(pending[0] as Query, bindings));
      yield* this.conjunction(
        pending.filter((_, i) => i !== unifying),
        bindings,
      );
      return;
    }
    const rest = pending.filter((_, i) => i !== index);
    for (const solution of this.solve(pending[index] as Query, bindings)) {
      yield* this.conjunction(rest, solution);
    }
  }

  private *triple(query: Extract<Query, { type: 'Triple' }>, bindings: Bindings): Generator<Bindings> {
    const subject = boundValue(query.subject, bindings);
    const predicate = boundValue(query.predicate, bindings);
    const object = boundValue(query.object, bindings);
    if (
      (subject !== undefined && subject.kind !== 'node') ||
      (predicate !== undefined && predicate.kind !== 'node')
    ) {
      return;
    }
    const view = this.graph.triples;
    const candidates =
      subject !== undefined
        ? view.withSubject(subject.iri)
        : object?.kind === 'node'
          ? view.withNodeObject(object.iri)
          : predicate !== undefined
            ? view.withPredicate(predicate.iri)
            : view.triples;
    for (const triple of candidates) {
      const next = unifyAll(
        [
          [query.subject, node(triple.subject)],
          [query.predicate, node(triple.predicate)],
          [query.object, triple.object],
        ],
        bindings,
      );
      if (next !== undefined) yield next;
    }
  }

  private *path(query: Extract<Query, { type: 'Path' }>, bindings: Bindings): Generator<Bindings> {
    const subject = boundValue(query.subject, bindings);
    const object = boundValue(query.object, bindings);
    for (const solution of matchPath(this.graph.triples, query.pattern, subject, object)) {
      const edges: Term = {
        kind: 'list',
        items: solution.edges.map((edge) => ({ kind: 'edge', ...edge })),
      };
      const next = unifyAll(
        [
          [query.subject, solution.subject],
          [query.object, solution.object],
          [query.path, edges],
        ],
        bindings,
      );
      if (next !== undefined) yield next;
    }
  }

  /** The single-step built-ins; each checks its inputs are bound first. */
  private *builtin(query: Query, bindings: Bindings): Generator<Bindings> {
    if (query.type === 'Equals' && !isReady(query, bindings, [])) {
      yield bindings;
      return;
    }
    if (!isReady(query, bindings, [])) throw apiErrors.noViableMode(unboundInputs(query, bindings));
    const get = (expr: ValueExpr) => boundValue(expr, bindings) as Term;
    switch (query.type) {
      case 'Equals': {
        const left = boundValue(query.left, bindings);
        const right = boundValue(query.right, bindings);
        if (left !== undefined && right !== undefined) {
          if (woqlEquals(left, right)) yield bindings;
        } else if (left !== undefined) yield* optional(unify(query.right, left, bindings));
        else if (right !== undefined) yield* optional(unify(query.left, right, bindings));
        return;
      }
      case 'Less':
        if (woqlCompare(get(query.left), get(query.right)) < 0) yield bindings;
        return;
      case 'Greater':
        if (woqlCompare(get(query.left), get(query.right)) > 0) yield bindings;
        return;
      case 'Gte':
        if (woqlCompare(get(query.left), get(query.right)) >= 0) yield bindings;
        return;
      case 'Lte':
        if (woqlCompare(get(query.left), get(query.right)) <= 0) yield bindings;
        return;
      case 'InRange': {
        const value = get(query.value);
        if (woqlCompare(get(query.start), value) <= 0 && woqlCompare(value, get(query.end)) < 0)
          yield bindings;
        return;
      }
      case 'Like': {
        const left = textOf(get(query.left));
        const right = textOf(get(query.right));
        if (left === undefined || right === undefined) return;
        yield* optional(
          unify(query.similarity, literal('xsd:decimal', isubSimilarity(left, right)), bindings),
        );
        return;
      }
      case 'Eval':
        yield* optional(unify(query.result, evaluateArithmetic(query.expression, bindings), bindings));
        return;
      case 'Sum': {
        const items = listItems(get(query.list)) ?? [];
        const total = evaluateArithmetic(
          items.reduce<ArithExpr>(
            (sum, item) => ({
              op: 'Plus',
              left: sum,
              right: { op: 'value', value: { kind: 'const', term: item } },
            }),
            { op: 'value', value: { kind: 'const', term: literal('xsd:decimal', 0) } },
          ),
          bindings,
        );
        yield* optional(unify(query.result, total, bindings));
        return;
      }
      case 'Regexp':
        yield* optional(this.regexp(get(query.pattern), get(query.string), query.result, bindings));
        return;
      case 'ReadDocument': {
        const identifier = get(query.identifier);
        const document =
          identifier.kind === 'node' ? this.graph.triples.documents.get(identifier.iri) : undefined;
        if (document === undefined) return;
        const json = renderDocument(document, this.graph.iri, DEFAULT_RENDER);
        yield* optional(unify(query.document, { kind: 'json', value: json }, bindings));
        return;
      }
      case 'DeleteDocument': {
        const identifier = get(query.identifier);
        if (identifier.kind !== 'node') return;
        this.graph.deletions.add(identifier.iri);
        yield bindings;
        return;
      }
      case 'Length': {
        const items = listItems(get(query.list));
        if (items !== undefined)
          yield* optional(unify(query.length, literal('xsd:decimal', items.length), bindings));
        return;
      }
      case 'Member':
        for (const item of listItems(get(query.list)) ?? [])
          yield* optional(unify(query.member, item, bindings));
        return;
      case 'Dot': {
        const field = textOf(get(query.field));
        const value = field === undefined ? undefined : dotField(get(query.document), field);
        if (value !== undefined) yield* optional(unify(query.value, value, bindings));
        return;
      }
      case 'IsA':
        yield* this.isA(query, bindings);
        return;
      case 'TypeOf': {
        const value = get(query.value);
        const type =
          value.kind === 'literal'
            ? this.typeNode(value.type)
            : value.kind === 'node'
              ? node(SYS_TOP)
              : undefined;
        if (type !== undefined) yield* optional(unify(query.valueType, type, bindings));
        return;
      }
      case 'Typecast':
        yield* optional(
          unify(query.result, typecast(get(query.value), get(query.valueType), this.graph.iri), bindings),
        );
        return;
      default:
        throw apiErrors.notSupportedByEmulator(`the WOQL node ${query.type}`);
    }
  }

  private regexp(pattern: Term, subject: Term, result: ValueExpr, bindings: Bindings): Bindings | undefined {
    const source = textOf(pattern);
    const text = subject.kind === 'node' ? subject.iri : textOf(subject);
    if (source === undefined || text === undefined) return undefined;
    const compiled = compilePcre(source);
    if (!compiled.ok)
      throw apiErrors.notSupportedByEmulator(
        `the regular expression ${JSON.stringify(source)} (${compiled.reason})`,
      );
    const match = compiled.regex.exec(text);
    if (match === null) return undefined;
    const groups: Term = {
      kind: 'list',
      items: [...match].map((group) => literal('xsd:string', group ?? '')),
    };
    return unify(result, groups, bindings);
  }

  private *isA(query: Extract<Query, { type: 'IsA' }>, bindings: Bindings): Generator<Bindings> {
    const { schema, iri, triples } = this.graph;
    const element = boundValue(query.element, bindings);
    const wanted = boundValue(query.class, bindings);
    if (element?.kind === 'literal') {
      if (wanted === undefined) yield* optional(unify(query.class, this.typeNode(element.type), bindings));
      else if (wanted.kind === 'node' && compressDatatype(wanted.iri) === element.type) yield bindings;
      return;
    }
    const documents =
      element === undefined
        ? [...triples.documents.values()]
        : element.kind === 'node'
          ? [triples.documents.get(element.iri)]
          : [];
    for (const document of documents) {
      if (document === undefined) continue;
      for (const ancestor of new Set(schema.ancestorsOf(document.type))) {
        const classNode = node(iri.expandSchema(ancestor) ?? ancestor);
        const next = unifyAll(
          [
            [query.element, node(document.id)],
            [query.class, classNode],
          ],
          bindings,
        );
        if (next !== undefined) yield next;
      }
    }
  }

  private typeNode(type: string): Term {
    return node(this.graph.iri.expandSchema(type) ?? type);
  }
}

function listItems(term: Term): readonly Term[] | undefined {
  if (term.kind === 'list') return term.items;
  if (term.kind === 'json' && Array.isArray(term.value)) {
    return term.value.map((value: JsonValue): Term => ({ kind: 'json', value }));
  }
  return undefined;
}

function textOf(term: Term): string | undefined {
  if (term.kind === 'literal' && typeof term.value === 'string') return term.value;
  if (term.kind === 'json' && typeof term.value === 'string') return term.value;
  return undefined;
}

/** A double as the server writes it: always with a fraction or exponent (`33.0`, `1.0e21`). */
function doubleText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const [mantissa = '', exponent] = String(value).split('e');
  const withFraction = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withFraction : `${withFraction}e${exponent.replace('+', '')}`;
}

function typecast(value: Term, type: Term, iri: IriContext): Term {
  const target = type.kind === 'node' ? compressDatatype(type.iri) : undefined;
  const raw =
    value.kind === 'literal'
      ? value.value
      : value.kind === 'node'
        ? iri.compress(value.iri)
        : value.kind === 'json'
          ? value.value
          : undefined;
  if (target === undefined || raw === undefined || isJsonObject(raw) || Array.isArray(raw) || raw === null) {
    throw apiErrors.badCast(JSON.stringify(raw ?? null), String(target));
  }
  try {
    if (target === 'xsd:string') {
      const ieee = value.kind === 'literal' && numericFamily(value.type) === 'ieee';
      return literal(target, ieee && typeof raw === 'number' ? doubleText(raw) : String(raw));
    }
    return literal(target, castToXsd(raw, target));
  } catch (error) {
    if (error instanceof CastError) throw apiErrors.badCast(error.value, target);
    throw error;
  }
}
