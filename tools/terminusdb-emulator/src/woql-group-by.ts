import { apiErrors } from './api-errors.js';
import type { ValueExpr } from './woql-ast.js';
import { type Bindings, optional, unify } from './woql-bindings.js';
import { standardOrder, type Term } from './woql-terms.js';

/**
 * `GroupBy`: the solutions of the sub-query grouped by the values of `groupBy`, each group
 * binding `grouped` to the list of its templates in solution order; groups come in the standard
 * order of their keys (SWI's bagof). A one-variable template gives a list of values, not of
 * one-element lists, as the server unwraps it.
 */
export function* groupSolutions(
  solutions: Iterable<Bindings>,
  groupBy: readonly string[],
  template: readonly string[],
  grouped: ValueExpr,
  bindings: Bindings,
): Generator<Bindings> {
  const groups = new Map<string, { key: (Term | undefined)[]; items: Term[] }>();
  for (const solution of solutions) {
    const key = groupBy.map((name) => solution.get(name));
    const id = JSON.stringify(key);
    const values = template.map((name) => solution.get(name));
    if (values.some((value) => value === undefined)) {
      throw apiErrors.notSupportedByEmulator('GroupBy templates with variables the sub-query leaves unbound');
    }
    const item: Term =
      template.length === 1 ? (values[0] as Term) : { kind: 'list', items: values as Term[] };
    const group = groups.get(id) ?? { key, items: [] };
    group.items.push(item);
    groups.set(id, group);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const compared = standardOrder(a.key[i], b.key[i]);
      if (compared !== 0) return compared;
    }
    return 0;
  });
  for (const group of ordered) {
    let next: Bindings | undefined = bindings;
    group.key.forEach((value, i) => {
      if (next !== undefined && value !== undefined)
        next = unify({ kind: 'var', name: groupBy[i] as string }, value, next);
    });
    if (next !== undefined) yield* optional(unify(grouped, { kind: 'list', items: group.items }, next));
  }
}
