import type { GraphGoals } from './graph-goals.js';
import type { Hop } from './graph-relations.js';
import { all, any, v, WOQL, type WoqlQuery } from './woql.js';

const PATH_START = 'start';
const PATH_END = 'end';
export const PATH_START_DOC = 'startDoc';
export const PATH_END_DOC = 'endDoc';
export const PATH_SHAPE = 'shape';
/** Fills the slots a shorter path leaves empty. */
const PATH_NO_NODE = '';

const pathNode = (position: number): string => `p${position}`;
export const pathDoc = (position: number): string => `d${position}`;

/**
 * The one WOQL query of pathQuery: every hop sequence from the start record's model to the end
 * record's model is a branch of an `Or`, shortest first, so the first `limit` answers hold the
 * shortest paths. Each branch walks readable records only and never visits a record twice
 * (simple paths), and reads the document of every record in between.
 */
export function pathQuery(plan: {
  readonly goals: GraphGoals;
  readonly start: { readonly iri: string; readonly model: Hop['from'] };
  readonly end: { readonly iri: string; readonly model: Hop['from'] };
  readonly shapes: readonly (readonly Hop[])[];
  readonly limit: number;
}): WoqlQuery {
  const { goals, shapes } = plan;
  const longest = Math.max(...shapes.map((shape) => shape.length));
  const branches = shapes.map((shape, index) => {
    const name = (position: number) =>
      position === 0 ? PATH_START : position === shape.length ? PATH_END : pathNode(position);
    const steps: WoqlQuery[] = [];
    shape.forEach((hop, position) => {
      steps.push(goals.hop(hop, name(position), name(position + 1)));
      if (position + 1 < shape.length) steps.push(goals.node(hop.to, name(position + 1)));
    });
    for (let i = 0; i <= shape.length; i++) {
      for (let j = i + 1; j <= shape.length; j++) {
        if (i === 0 && j === shape.length) continue; // start and end differ, checked once outside
        steps.push(WOQL.not(WOQL.eq(v(name(i)), v(name(j)))));
      }
    }
    for (let position = 1; position < longest; position++) {
      if (position < shape.length)
        steps.push(WOQL.read_document(v(pathNode(position)), v(pathDoc(position))));
      else {
        steps.push(WOQL.eq(v(pathNode(position)), WOQL.string(PATH_NO_NODE)));
        steps.push(WOQL.eq(v(pathDoc(position)), WOQL.string(PATH_NO_NODE)));
      }
    }
    steps.push(WOQL.eq(v(PATH_SHAPE), WOQL.literal(index, 'xsd:integer')));
    return all(steps);
  });
  const slots = Array.from({ length: longest - 1 }, (_, i) => i + 1);
  return WOQL.select(
    ...[PATH_SHAPE, PATH_START_DOC, PATH_END_DOC, ...slots.map(pathNode), ...slots.map(pathDoc)].map(v),
    all([
      WOQL.eq(v(PATH_START), plan.start.iri),
      WOQL.eq(v(PATH_END), plan.end.iri),
      WOQL.not(WOQL.eq(v(PATH_START), v(PATH_END))),
      goals.node(plan.start.model, PATH_START),
      goals.node(plan.end.model, PATH_END),
      WOQL.read_document(v(PATH_START), v(PATH_START_DOC)),
      WOQL.read_document(v(PATH_END), v(PATH_END_DOC)),
      WOQL.limit(plan.limit, any(branches)),
    ]),
  );
}
