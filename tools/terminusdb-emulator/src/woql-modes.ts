import { arithVariables } from './woql-arithmetic.js';
import { exprVariables, type Query, queryVariables, type ValueExpr } from './woql-ast.js';
import { type Bindings, boundValue } from './woql-bindings.js';

/** The inputs a built-in needs bound before it can run (its outputs may stay unbound). */
function requiredInputs(query: Query): ValueExpr[][] {
  switch (query.type) {
    case 'Less':
    case 'Greater':
    case 'Gte':
    case 'Lte':
    case 'Like':
      return [[query.left], [query.right]];
    case 'InRange':
      return [[query.value], [query.start], [query.end]];
    case 'Sum':
      return [[query.list]];
    case 'Eval':
      return arithVariables(query.expression).map((expr) => [expr]);
    case 'Equals':
      return [[query.left, query.right]];
    case 'Regexp':
      return [[query.pattern], [query.string]];
    case 'ReadDocument':
    case 'DeleteDocument':
      return [[query.identifier]];
    case 'Length':
    case 'Member':
      return [[query.list]];
    case 'Dot':
      return [[query.document], [query.field]];
    case 'IsA':
      return [[query.element, query.class]];
    case 'TypeOf':
      return [[query.value]];
    case 'Typecast':
      return [[query.value], [query.valueType]];
    default:
      return [];
  }
}

/** Each inner list is a choice: at least one of its expressions must be bound. */
export function isReady(query: Query, bindings: Bindings, others: readonly Query[]): boolean {
  if (query.type === 'Not') {
    const later = new Set(others.flatMap(queryVariables));
    return queryVariables(query.query).every((name) => bindings.has(name) || !later.has(name));
  }
  return requiredInputs(query).every((choice) =>
    choice.some((expr) => boundValue(expr, bindings) !== undefined),
  );
}

/** The unbound inputs of a query that is not ready, for the mode error. */
export function unboundInputs(query: Query, bindings: Bindings): string[] {
  const inputs =
    query.type === 'Not' ? queryVariables(query.query) : requiredInputs(query).flat().flatMap(exprVariables);
  return [...new Set(inputs.filter((name) => !bindings.has(name)))];
}
