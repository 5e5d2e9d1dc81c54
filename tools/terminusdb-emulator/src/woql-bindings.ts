import type { ValueExpr } from './woql-ast.js';
import { sameTerm, type Term } from './woql-terms.js';

/** Variable bindings of one WOQL solution; extended by copying, so branches never interfere. */
export type Bindings = ReadonlyMap<string, Term>;

/** The value of an expression under the bindings; undefined when a variable in it is unbound. */
export function boundValue(expr: ValueExpr, bindings: Bindings): Term | undefined {
  switch (expr.kind) {
    case 'var':
      return bindings.get(expr.name);
    case 'const':
      return expr.term;
    case 'ignore':
      return undefined;
    case 'list': {
      const items = expr.items.map((item) => boundValue(item, bindings));
      return items.every((item) => item !== undefined) ? { kind: 'list', items: items as Term[] } : undefined;
    }
  }
}

/** Binds or checks `expr` against `term`; undefined when they do not unify. */
export function unify(expr: ValueExpr, term: Term, bindings: Bindings): Bindings | undefined {
  switch (expr.kind) {
    case 'ignore':
      return bindings;
    case 'const':
      return sameTerm(expr.term, term) ? bindings : undefined;
    case 'var': {
      const bound = bindings.get(expr.name);
      if (bound !== undefined) return sameTerm(bound, term) ? bindings : undefined;
      return new Map(bindings).set(expr.name, term);
    }
    case 'list': {
      if (term.kind !== 'list' || term.items.length !== expr.items.length) return undefined;
      let current: Bindings | undefined = bindings;
      expr.items.forEach((item, index) => {
        if (current !== undefined) current = unify(item, term.items[index] as Term, current);
      });
      return current;
    }
  }
}

export function unifyAll(
  pairs: ReadonlyArray<readonly [ValueExpr, Term]>,
  bindings: Bindings,
): Bindings | undefined {
  let current: Bindings | undefined = bindings;
  for (const [expr, term] of pairs) {
    if (current === undefined) return undefined;
    current = unify(expr, term, current);
  }
  return current;
}

/** Zero or one solution. */
export function* optional(bindings: Bindings | undefined): Generator<Bindings> {
  if (bindings !== undefined) yield bindings;
}

/** Keeps only the named variables (what Select and Count do to a sub-query's solutions). */
export function project(solution: Bindings, names: readonly string[]): Bindings {
  const projected = new Map<string, Term>();
  for (const name of names) {
    const value = solution.get(name);
    if (value !== undefined) projected.set(name, value);
  }
  return projected;
}
