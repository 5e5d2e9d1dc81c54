import { apiErrors } from './api-errors.js';
import type { TripleView } from './triple-view.js';
import type { PathPattern } from './woql-ast.js';
import { node, sameTerm, type Term } from './woql-terms.js';

/** One step of a path, oriented the way it was walked (an inverse step runs object to subject). */
export interface PathEdge {
  readonly subject: Term;
  readonly predicate: string;
  readonly object: Term;
}

interface Walk {
  readonly start: Term;
  readonly end: Term;
  readonly edges: readonly PathEdge[];
}

export interface PathSolution {
  readonly subject: Term;
  readonly object: Term;
  readonly edges: readonly PathEdge[];
}

/**
 * All paths matching `pattern` from `subject` to `object` (either may be unbound), following
 * the server's path.pl: exhaustive depth-first enumeration, one solution per distinct path, and
 * a step is refused when an edge on the current path already matches it (with unbound parts as
 * wildcards). With only the object bound, the pattern is inverted and walked from the object.
 */
export function* matchPath(
  view: TripleView,
  pattern: PathPattern,
  subject: Term | undefined,
  object: Term | undefined,
): Generator<PathSolution> {
  if (subject === undefined && object !== undefined) {
    for (const walk of run(view, invert(pattern), object, undefined, [])) {
      yield { subject: walk.end, object: walk.start, edges: walk.edges };
    }
    return;
  }
  for (const walk of run(view, pattern, subject, object, [])) {
    yield { subject: walk.start, object: walk.end, edges: walk.edges };
  }
}

function* run(
  view: TripleView,
  pattern: PathPattern,
  from: Term | undefined,
  to: Term | undefined,
  soFar: readonly PathEdge[],
): Generator<Walk> {
  switch (pattern.kind) {
    case 'predicate':
      yield* step(view, pattern.predicate, pattern.inverse, from, to, soFar);
      return;
    case 'sequence':
      for (const first of run(view, pattern.first, from, undefined, soFar)) {
        for (const rest of run(view, pattern.rest, first.end, to, [...soFar, ...first.edges])) {
          yield { start: first.start, end: rest.end, edges: [...first.edges, ...rest.edges] };
        }
      }
      return;
    case 'or':
      yield* run(view, pattern.left, from, to, soFar);
      yield* run(view, pattern.right, from, to, soFar);
      return;
    case 'star':
      yield* zeroLength(from, to);
      yield* repeat(view, pattern.pattern, 1, -1, from, to, soFar);
      return;
    case 'plus':
      yield* repeat(view, pattern.pattern, 1, -1, from, to, soFar);
      return;
    case 'times':
      yield* repeat(view, pattern.pattern, pattern.from, pattern.to, from, to, soFar);
      return;
  }
}

/** `{n,m}` repetition, clause for clause as in path.pl (`m` negative = unbounded). */
function* repeat(
  view: TripleView,
  pattern: PathPattern,
  n: number,
  m: number,
  from: Term | undefined,
  to: Term | undefined,
  soFar: readonly PathEdge[],
): Generator<Walk> {
  if (n === 0) {
    if (m === 0) yield* zeroLength(from, to);
    else if (m > 0) {
      yield* zeroLength(from, to);
      yield* repeat(view, pattern, 1, m, from, to, soFar);
    }
    return;
  }
  if (n === 1) {
    yield* run(view, pattern, from, to, soFar);
    if (m === 1) return;
  }
  for (const first of run(view, pattern, from, undefined, soFar)) {
    for (const rest of repeat(view, pattern, Math.max(1, n - 1), m - 1, first.end, to, [
      ...soFar,
      ...first.edges,
    ])) {
      yield { start: first.start, end: rest.end, edges: [...first.edges, ...rest.edges] };
    }
  }
}

function* zeroLength(from: Term | undefined, to: Term | undefined): Generator<Walk> {
  const at = from ?? to;
  if (at === undefined) {
    throw apiErrors.notSupportedByEmulator('zero-length path matches with both ends unbound');
  }
  if (from !== undefined && to !== undefined && !sameTerm(from, to)) return;
  yield { start: at, end: at, edges: [] };
}

function* step(
  view: TripleView,
  predicate: string | undefined,
  inverse: boolean,
  from: Term | undefined,
  to: Term | undefined,
  soFar: readonly PathEdge[],
): Generator<Walk> {
  if (from !== undefined && from.kind !== 'node') return;
  const blocked = soFar.some(
    (edge) =>
      (from === undefined || sameTerm(edge.subject, from)) &&
      (predicate === undefined || edge.predicate === predicate) &&
      (to === undefined || sameTerm(edge.object, to)),
  );
  if (blocked) return;
  if (!inverse) {
    const candidates =
      from !== undefined
        ? view.withSubject(from.iri)
        : predicate !== undefined
          ? view.withPredicate(predicate)
          : view.triples;
    for (const triple of candidates) {
      if (predicate !== undefined && triple.predicate !== predicate) continue;
      if (to !== undefined && !sameTerm(triple.object, to)) continue;
      const start = node(triple.subject);
      yield {
        start,
        end: triple.object,
        edges: [{ subject: start, predicate: triple.predicate, object: triple.object }],
      };
    }
    return;
  }
  const candidates =
    from !== undefined
      ? view.withNodeObject(from.iri)
      : predicate !== undefined
        ? view.withPredicate(predicate)
        : view.triples;
  for (const triple of candidates) {
    if (triple.object.kind !== 'node') continue;
    if (predicate !== undefined && triple.predicate !== predicate) continue;
    const end = node(triple.subject);
    if (to !== undefined && !sameTerm(end, to)) continue;
    yield {
      start: triple.object,
      end,
      edges: [{ subject: triple.object, predicate: triple.predicate, object: end }],
    };
  }
}

function invert(pattern: PathPattern): PathPattern {
  switch (pattern.kind) {
    case 'predicate':
      return { ...pattern, inverse: !pattern.inverse };
    case 'sequence':
      return { kind: 'sequence', first: invert(pattern.rest), rest: invert(pattern.first) };
    case 'or':
      return { kind: 'or', left: invert(pattern.left), right: invert(pattern.right) };
    case 'plus':
    case 'star':
      return { kind: pattern.kind, pattern: invert(pattern.pattern) };
    case 'times':
      return { ...pattern, pattern: invert(pattern.pattern) };
  }
}
