import { encodeBlocks, type IsonBlockInput, IsonReference } from '@sqh/ison';
import type { GraphEdge, GraphNode, NodeRef } from './graph-types.js';

/** The ISON block and reference name of a model key (`crm/AppCRMAccount` → `AppCRMAccount`). */
const modelName = (key: string): string => key.slice(key.indexOf('/') + 1);

/** `:AppCRMAccount:acme-123`, which names the row with that id in the `table.AppCRMAccount` block. */
export function isonReference(ref: NodeRef): IsonReference {
  return new IsonReference(ref.id, modelName(ref.model));
}

/** One extra column per edge row, e.g. the index of the path an edge belongs to. */
export interface EdgeRow {
  readonly edge: GraphEdge;
  readonly extra?: Readonly<Record<string, number>>;
}

/**
 * Records as one `table.<Model>` block per model (each record once, `id` first) and edges as a
 * `table.edges` block whose `from` and `to` cells are references (`:AppCRMContact:c1`) to those
 * rows, so a language model can follow them. Ids holding whitespace cannot be written as
 * references (ISON writes them bare) and make the encoder fail with INVALID_REFERENCE.
 */
export function graphIson(nodes: readonly GraphNode[], edges: readonly EdgeRow[]): string {
  const tables = new Map<string, Map<string, Readonly<Record<string, unknown>>>>();
  for (const node of nodes) {
    const rows = tables.get(node.model) ?? new Map();
    const { id, ...fields } = node.record;
    rows.set(node.id, { id, ...fields });
    tables.set(node.model, rows);
  }
  const blocks: IsonBlockInput[] = [...tables].map(([model, rows]) => ({
    kind: 'table',
    name: modelName(model),
    rows: [...rows.values()],
  }));
  if (edges.length > 0) {
    blocks.push({
      kind: 'table',
      name: 'edges',
      rows: edges.map(({ edge, extra }) => ({
        ...extra,
        from: isonReference(edge.from),
        relation: edge.relation,
        to: isonReference(edge.to),
      })),
    });
  }
  return encodeBlocks(blocks);
}

/** WOQL bindings as one `table.bindings` block. */
export function bindingsIson(rows: readonly Readonly<Record<string, unknown>>[]): string {
  return encodeBlocks([{ kind: 'table', name: 'bindings', rows }]);
}
