import type { Model } from '@sqh/core/spi';
import type { GraphGoals } from './graph-goals.js';
import type { Hop } from './graph-relations.js';
import { all, any, v, WOQL, type WoqlQuery } from './woql.js';

export const KIND = 'kind';
const NODE = 'node';
export const NODE_DOC = 'doc';
const LEVEL = 'level';
export const EDGE_FROM = 'edgeFrom';
export const EDGE_FIELD = 'edgeField';
export const EDGE_TO = 'edgeTo';
export const KIND_NODE = 'node';
const KIND_EDGE = 'edge';
const ROOT = 'root';

/**
 * The one WOQL query of a subgraph. `reach(k, x)` holds the readable records within k hops of
 * the root; each level is a `Distinct` over the previous one, so the walk costs one pass over the
 * edges per level, whatever the number of walks. The answer has two kinds of rows: nodes (each
 * once, at its least distance, nearest first, `limit + 1` of them to detect truncation) and
 * edges (each stored link once, from the record holding the field, followed from any record
 * nearer than `depth`).
 */
export function subgraphQuery(plan: {
  readonly goals: GraphGoals;
  readonly root: { readonly iri: string; readonly model: Model };
  readonly hops: ReadonlyMap<string, readonly Hop[]>;
  readonly models: readonly Model[];
  readonly depth: number;
  readonly limit: number;
}): WoqlQuery {
  const { goals } = plan;
  /** Any allowed hop from `from` (whatever its model) to a readable `to`. */
  const step = (from: string, to: string, edge?: (hop: Hop) => WoqlQuery[]): WoqlQuery =>
    any(
      plan.models.flatMap((model) => {
        const hops = (plan.hops.get(model.key) ?? []).filter((hop) => goals.canSee(hop.to));
        if (hops.length === 0) return [];
        const typed = WOQL.triple(v(from), 'rdf:type', `@schema:${goals.className(model)}`);
        return [
          all([
            typed,
            any(
              hops.map((hop) =>
                all([goals.hop(hop, from, to), goals.node(hop.to, to), ...(edge?.(hop) ?? [])]),
              ),
            ),
          ]),
        ];
      }),
    );
  const reach = (k: number, out: string): WoqlQuery => {
    if (k === 0) return WOQL.eq(v(out), v(ROOT));
    const previous = `r${k}_${out}`;
    return WOQL.distinct(
      v(out),
      all([reach(k - 1, previous), any([WOQL.eq(v(out), v(previous)), step(previous, out)])]),
    );
  };
  const levels = Array.from({ length: plan.depth + 1 }, (_, k) =>
    all([reach(k, NODE), WOQL.eq(v(LEVEL), WOQL.literal(k, 'xsd:integer'))]),
  );
  const nodes = all([
    WOQL.eq(v(KIND), WOQL.string(KIND_NODE)),
    WOQL.limit(plan.limit + 1, WOQL.order_by(v(LEVEL), v(NODE), WOQL.distinct(v(NODE), any(levels)))),
    WOQL.read_document(v(NODE), v(NODE_DOC)),
  ]);
  const from = 'edgeSource';
  const to = 'edgeTarget';
  const stored = (hop: Hop): WoqlQuery[] => [
    WOQL.eq(v(EDGE_FROM), v(hop.inverse ? to : from)),
    WOQL.eq(v(EDGE_TO), v(hop.inverse ? from : to)),
    WOQL.eq(v(EDGE_FIELD), WOQL.string(`${(hop.inverse ? hop.to : hop.from).key}#${hop.field}`)),
  ];
  const edges = all([
    WOQL.eq(v(KIND), WOQL.string(KIND_EDGE)),
    WOQL.distinct(
      v(EDGE_FROM),
      v(EDGE_FIELD),
      v(EDGE_TO),
      all([reach(plan.depth - 1, from), step(from, to, stored)]),
    ),
  ]);
  return WOQL.select(
    ...[KIND, NODE, NODE_DOC, LEVEL, EDGE_FROM, EDGE_FIELD, EDGE_TO].map(v),
    all([WOQL.eq(v(ROOT), plan.root.iri), goals.node(plan.root.model, ROOT), any([nodes, edges])]),
  );
}
