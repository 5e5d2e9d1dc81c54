import { type ArithExpr, arithVariables } from './woql-arithmetic.js';
import type { Term } from './woql-terms.js';

/** An argument of a WOQL node: a variable, a constant, a list of arguments, or nothing (ignored). */
export type ValueExpr =
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'const'; readonly term: Term }
  | { readonly kind: 'list'; readonly items: readonly ValueExpr[] }
  | { readonly kind: 'ignore' };

/** A path regular expression over predicates (full IRIs; no predicate = any field). */
export type PathPattern =
  | { readonly kind: 'predicate'; readonly predicate: string | undefined; readonly inverse: boolean }
  | { readonly kind: 'sequence'; readonly first: PathPattern; readonly rest: PathPattern }
  | { readonly kind: 'or'; readonly left: PathPattern; readonly right: PathPattern }
  | { readonly kind: 'plus'; readonly pattern: PathPattern }
  | { readonly kind: 'star'; readonly pattern: PathPattern }
  | { readonly kind: 'times'; readonly pattern: PathPattern; readonly from: number; readonly to: number };

export interface OrderTemplate {
  readonly variable: string;
  readonly order: 'asc' | 'desc';
}

/** The WOQL queries the emulator evaluates. */
export type Query =
  | { readonly type: 'And' | 'Or'; readonly queries: readonly Query[] }
  | { readonly type: 'Not' | 'Optional' | 'Once' | 'Immediately'; readonly query: Query }
  | { readonly type: 'True' }
  | {
      readonly type: 'Triple';
      readonly subject: ValueExpr;
      readonly predicate: ValueExpr;
      readonly object: ValueExpr;
    }
  | {
      readonly type: 'Path';
      readonly subject: ValueExpr;
      readonly pattern: PathPattern;
      readonly object: ValueExpr;
      readonly path: ValueExpr;
    }
  | { readonly type: 'Select' | 'Distinct'; readonly variables: readonly string[]; readonly query: Query }
  | { readonly type: 'Limit' | 'Start'; readonly amount: number; readonly query: Query }
  | { readonly type: 'OrderBy'; readonly ordering: readonly OrderTemplate[]; readonly query: Query }
  | { readonly type: 'Count'; readonly query: Query; readonly count: ValueExpr }
  | {
      readonly type: 'Equals' | 'Less' | 'Greater' | 'Gte' | 'Lte';
      readonly left: ValueExpr;
      readonly right: ValueExpr;
    }
  | {
      readonly type: 'InRange';
      readonly value: ValueExpr;
      readonly start: ValueExpr;
      readonly end: ValueExpr;
    }
  | {
      readonly type: 'Like';
      readonly left: ValueExpr;
      readonly right: ValueExpr;
      readonly similarity: ValueExpr;
    }
  | { readonly type: 'Eval'; readonly expression: ArithExpr; readonly result: ValueExpr }
  | { readonly type: 'Sum'; readonly list: ValueExpr; readonly result: ValueExpr }
  | {
      readonly type: 'GroupBy';
      readonly groupBy: readonly string[];
      readonly template: readonly string[];
      readonly grouped: ValueExpr;
      readonly query: Query;
    }
  | {
      readonly type: 'Regexp';
      readonly pattern: ValueExpr;
      readonly string: ValueExpr;
      readonly result: ValueExpr;
    }
  | { readonly type: 'ReadDocument'; readonly identifier: ValueExpr; readonly document: ValueExpr }
  /** The one write the emulator runs: the document is deleted when the query commits. */
  | { readonly type: 'DeleteDocument'; readonly identifier: ValueExpr }
  | { readonly type: 'Length'; readonly list: ValueExpr; readonly length: ValueExpr }
  | { readonly type: 'Member'; readonly member: ValueExpr; readonly list: ValueExpr }
  | {
      readonly type: 'Dot';
      readonly document: ValueExpr;
      readonly field: ValueExpr;
      readonly value: ValueExpr;
    }
  | { readonly type: 'IsA'; readonly element: ValueExpr; readonly class: ValueExpr }
  | { readonly type: 'TypeOf'; readonly value: ValueExpr; readonly valueType: ValueExpr }
  | {
      readonly type: 'Typecast';
      readonly value: ValueExpr;
      readonly valueType: ValueExpr;
      readonly result: ValueExpr;
    };

/** Variables a value expression mentions. */
export function exprVariables(expr: ValueExpr): string[] {
  if (expr.kind === 'var') return [expr.name];
  if (expr.kind === 'list') return expr.items.flatMap(exprVariables);
  return [];
}

/** Every variable mentioned anywhere inside a query, including hidden ones. */
export function queryVariables(query: Query): string[] {
  switch (query.type) {
    case 'And':
    case 'Or':
      return query.queries.flatMap(queryVariables);
    case 'Not':
    case 'Optional':
    case 'Once':
    case 'Immediately':
    case 'Limit':
    case 'Start':
      return queryVariables(query.query);
    case 'GroupBy':
      return [
        ...query.groupBy,
        ...query.template,
        ...exprVariables(query.grouped),
        ...queryVariables(query.query),
      ];
    case 'InRange':
      return [query.value, query.start, query.end].flatMap(exprVariables);
    case 'Like':
      return [query.left, query.right, query.similarity].flatMap(exprVariables);
    case 'Eval':
      return [...arithVariables(query.expression), query.result].flatMap(exprVariables);
    case 'Sum':
      return [query.list, query.result].flatMap(exprVariables);
    case 'Select':
    case 'Distinct':
      return [...query.variables, ...queryVariables(query.query)];
    case 'OrderBy':
      return [...query.ordering.map((template) => template.variable), ...queryVariables(query.query)];
    case 'Count':
      return [...queryVariables(query.query), ...exprVariables(query.count)];
    case 'True':
      return [];
    case 'Triple':
      return [query.subject, query.predicate, query.object].flatMap(exprVariables);
    case 'Path':
      return [query.subject, query.object, query.path].flatMap(exprVariables);
    case 'Equals':
    case 'Less':
    case 'Greater':
    case 'Gte':
    case 'Lte':
      return [query.left, query.right].flatMap(exprVariables);
    case 'Regexp':
      return [query.pattern, query.string, query.result].flatMap(exprVariables);
    case 'ReadDocument':
      return [query.identifier, query.document].flatMap(exprVariables);
    case 'DeleteDocument':
      return exprVariables(query.identifier);
    case 'Length':
      return [query.list, query.length].flatMap(exprVariables);
    case 'Member':
      return [query.member, query.list].flatMap(exprVariables);
    case 'Dot':
      return [query.document, query.field, query.value].flatMap(exprVariables);
    case 'IsA':
      return [query.element, query.class].flatMap(exprVariables);
    case 'TypeOf':
      return [query.value, query.valueType].flatMap(exprVariables);
    case 'Typecast':
      return [query.value, query.valueType, query.result].flatMap(exprVariables);
  }
}

/**
 * The variables a query reports in `api:variable_names`, in order of first appearance. Select
 * shows only its list, and Count hides the variables of its sub-query, as on the server.
 */
export function visibleVariables(query: Query): string[] {
  const names = new Set<string>();
  const visit = (q: Query): void => {
    switch (q.type) {
      case 'Select':
        for (const name of q.variables) names.add(name);
        return;
      case 'Count':
        for (const name of exprVariables(q.count)) names.add(name);
        return;
      case 'GroupBy':
        for (const name of [...q.groupBy, ...exprVariables(q.grouped)]) names.add(name);
        return;
      case 'And':
      case 'Or':
        q.queries.forEach(visit);
        return;
      case 'Not':
      case 'Optional':
      case 'Once':
      case 'Immediately':
      case 'Limit':
      case 'Start':
      case 'Distinct':
      case 'OrderBy':
        visit(q.query);
        return;
      default:
        for (const name of queryVariables(q)) names.add(name);
    }
  };
  visit(query);
  return [...names];
}
