import type { Model, RecordOf } from '@sqh/core/spi';
import type { GraphNode } from './graph-types.js';

/**
 * The records of one model among graph nodes, typed from its schema:
 * `recordsOf(result.nodes, Opportunity)` is `RecordOf<typeof Opportunity>[]`.
 */
export function recordsOf<M extends Model>(nodes: readonly GraphNode[], model: M): RecordOf<M>[] {
  return nodes.filter((node) => node.model === model.key).map((node) => node.record as RecordOf<M>);
}
