import type { Model } from '@sqh/core';
import type { CrmData, Row } from './crm-graph.js';
import { Account, Contact, Opportunity } from './crm-graph.js';

interface MemoryHop {
  readonly name: string;
  readonly from: Model;
  readonly to: Model;
  readonly field: string;
  readonly inverse: boolean;
}

export interface MemoryNode {
  readonly model: string;
  readonly id: string;
}

const key = (model: string, id: string) => `${model}#${id}`;

/**
 * The same records as a plain in-memory graph, walked the obvious way: the reference the
 * service's answers are compared with. `visible` says which records the caller may read.
 */
export class MemoryGraph {
  private readonly rows = new Map<string, Row>();
  private readonly hops: MemoryHop[] = [];
  private readonly adjacency = new Map<string, MemoryNode[]>();

  constructor(
    data: CrmData,
    private readonly visible: (model: string, row: Row) => boolean = () => true,
  ) {
    const byModel: [Model, Row[]][] = [
      [Account, data.accounts],
      [Contact, data.contacts],
      [Opportunity, data.opportunities],
    ];
    for (const [model, rows] of byModel) for (const row of rows) this.rows.set(key(model.key, row.id), row);
    const models = [Account, Contact, Opportunity];
    for (const owner of models) {
      for (const [field, target] of Object.entries(owner.relations)) {
        const to = models.find((model) => model.key === target) as Model;
        this.hops.push({ name: field, from: owner, to, field, inverse: false });
        const inverse = owner.relationInverses[field];
        if (inverse) this.hops.push({ name: inverse, from: to, to: owner, field, inverse: true });
      }
    }
    for (const [model, rows] of byModel) {
      for (const row of rows) {
        for (const hop of this.hops.filter((candidate) => candidate.from === model && !candidate.inverse)) {
          for (const target of targetsOf(row[hop.field])) {
            this.link(key(model.key, row.id), hop.name, { model: hop.to.key, id: target });
            const inverse = this.hops.find(
              (other) => other.inverse && other.field === hop.field && other.to === model,
            );
            if (inverse) this.link(key(hop.to.key, target), inverse.name, { model: model.key, id: row.id });
          }
        }
      }
    }
  }

  row(node: MemoryNode): Row | undefined {
    return this.rows.get(key(node.model, node.id));
  }

  isVisible(node: MemoryNode): boolean {
    const row = this.row(node);
    return row !== undefined && this.visible(node.model, row);
  }

  /** Visible records one named relation away. */
  step(node: MemoryNode, relation: string): MemoryNode[] {
    return (this.adjacency.get(`${key(node.model, node.id)}>${relation}`) ?? []).filter((next) =>
      this.isVisible(next),
    );
  }

  /** Relation names leaving records of a model. */
  relationsFrom(model: string): string[] {
    return this.hops.filter((hop) => hop.from.key === model).map((hop) => hop.name);
  }

  /** Records at the end of any of the name sequences from `start`, each once (`start` must be visible). */
  traverse(
    start: MemoryNode,
    shapes: readonly (readonly string[])[],
    keep: (node: MemoryNode) => boolean = () => true,
  ): MemoryNode[] {
    if (!this.isVisible(start)) return [];
    const reached = new Map<string, MemoryNode>();
    for (const shape of shapes) {
      let frontier = new Map([[key(start.model, start.id), start]]);
      for (const relation of shape) {
        const next = new Map<string, MemoryNode>();
        for (const node of frontier.values())
          for (const to of this.step(node, relation)) next.set(key(to.model, to.id), to);
        frontier = next;
      }
      for (const [k, node] of frontier) if (keep(node)) reached.set(k, node);
    }
    return [...reached.values()];
  }

  /** Every simple path (no record twice) of 1..maxDepth relations from `start` to `end` through visible records. */
  paths(start: MemoryNode, end: MemoryNode, maxDepth: number, via?: ReadonlySet<string>): string[] {
    const found: string[] = [];
    if (!this.isVisible(start) || !this.isVisible(end)) return found;
    const walk = (node: MemoryNode, trail: MemoryNode[], relations: string[]): void => {
      if (relations.length > 0 && key(node.model, node.id) === key(end.model, end.id)) {
        found.push(signature(trail, relations));
        return;
      }
      if (relations.length === maxDepth) return;
      for (const relation of this.relationsFrom(node.model)) {
        if (via && !via.has(relation)) continue;
        for (const next of this.step(node, relation)) {
          if (trail.some((seen) => key(seen.model, seen.id) === key(next.model, next.id))) continue;
          walk(next, [...trail, next], [...relations, relation]);
        }
      }
    };
    walk(start, [start], []);
    return found;
  }

  /**
   * The records within `depth` relations of `root` through visible records, with their distance,
   * and the stored links followed from records nearer than `depth` (owner, field, target).
   */
  subgraph(
    root: MemoryNode,
    depth: number,
    relations?: ReadonlySet<string>,
  ): { nodes: Map<string, number>; edges: Set<string> } {
    const nodes = new Map<string, number>();
    const edges = new Set<string>();
    if (!this.isVisible(root)) return { nodes, edges };
    nodes.set(key(root.model, root.id), 0);
    let frontier = [root];
    for (let level = 1; level <= depth; level++) {
      const next: MemoryNode[] = [];
      for (const node of frontier) {
        for (const hop of this.hops.filter((candidate) => candidate.from.key === node.model)) {
          if (relations && !relations.has(hop.name)) continue;
          for (const to of this.step(node, hop.name)) {
            const [owner, target] = hop.inverse ? [to, node] : [node, to];
            edges.add(`${key(owner.model, owner.id)} ${hop.field} ${key(target.model, target.id)}`);
            if (!nodes.has(key(to.model, to.id))) {
              nodes.set(key(to.model, to.id), level);
              next.push(to);
            }
          }
        }
      }
      frontier = next;
    }
    return { nodes, edges };
  }

  private link(from: string, relation: string, to: MemoryNode): void {
    const slot = `${from}>${relation}`;
    const list = this.adjacency.get(slot) ?? [];
    list.push(to);
    this.adjacency.set(slot, list);
  }
}

function signature(trail: readonly MemoryNode[], relations: readonly string[]): string {
  return trail
    .map((node, i) => `${node.model}#${node.id}${i < relations.length ? ` -${relations[i]}-> ` : ''}`)
    .join('');
}

function targetsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
