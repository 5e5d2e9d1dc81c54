import type { FilterNode, Model } from '@sqh/core/spi';
import type { GraphGoals } from './graph-goals.js';
import type { Hop } from './graph-relations.js';
import { all, any, v, WOQL, type WoqlQuery } from './woql.js';

/** Variable names the answers are read from. */
export const START = 'start';
export const END = 'end';
export const DOC = 'doc';
export const WALKS = 'walks';
const SHAPE = 'shape';
/** Fills the template slots a shorter walk leaves empty. */
export const NO_NODE = '';

const nodeVar = (position: number): string => `n${position}`;

/**
 * The one WOQL query of a traversal: every walk shape from the start record, each hop landing on
 * a record the caller may see (a hidden record stops the walk there), the reached records once,
 * in document id order, with their documents. With `withPaths`, each record also carries the
 * walks that reached it: the shape index and the intermediate nodes, in a GroupBy list.
 */
export function traverseQuery(plan: {
  readonly goals: GraphGoals;
  readonly startModel: Model;
  readonly startIri: string;
  readonly shapes: readonly (readonly Hop[])[];
  readonly filters: ReadonlyMap<string, FilterNode | undefined>;
  readonly limit: number;
  readonly withPaths: boolean;
}): WoqlQuery {
  const { goals, shapes } = plan;
  const longest = Math.max(...shapes.map((shape) => shape.length));
  const walks = shapes.map((shape, index) => {
    const steps: WoqlQuery[] = [];
    shape.forEach((hop, position) => {
      const from = position === 0 ? START : nodeVar(position);
      const to = position === shape.length - 1 ? END : nodeVar(position + 1);
      steps.push(goals.hop(hop, from, to));
      steps.push(
        goals.node(hop.to, to, position === shape.length - 1 ? plan.filters.get(hop.to.key) : undefined),
      );
    });
    if (plan.withPaths) {
      steps.push(WOQL.eq(v(SHAPE), WOQL.literal(index, 'xsd:integer')));
      for (let position = shape.length; position < longest; position++) {
        steps.push(WOQL.eq(v(nodeVar(position)), WOQL.string(NO_NODE)));
      }
    }
    return all(steps);
  });
  const reached = all([WOQL.eq(v(START), plan.startIri), goals.node(plan.startModel, START), any(walks)]);
  const template = [SHAPE, ...Array.from({ length: longest - 1 }, (_, i) => nodeVar(i + 1))].map(v);
  const selected = plan.withPaths
    ? WOQL.group_by([v(END)], template, v(WALKS), reached)
    : WOQL.order_by(v(END), WOQL.distinct(v(END), reached));
  return WOQL.select(
    ...[END, DOC, ...(plan.withPaths ? [WALKS] : [])].map(v),
    all([WOQL.limit(plan.limit, selected), WOQL.read_document(v(END), v(DOC))]),
  );
}
