import type { AccessContext, FilterInput, SqhRecord } from '@sqh/core/spi';

export type GraphOutputFormat = 'json' | 'ison';

/** Options every method of the graph query service takes last. */
export interface GraphCallOptions {
  /** Who is asking; required when an access policy is registered. */
  readonly access?: AccessContext;
  readonly signal?: AbortSignal;
  /** `ison` adds the answer as ISON text (`ison`), for a language model's context. */
  readonly outputFormat?: GraphOutputFormat;
  /** The request is aborted after this many milliseconds; 30 000 by default. */
  readonly timeoutMs?: number;
}

/** Names a record of the graph: its model (`group/Model`) and its id. */
export interface NodeRef {
  readonly model: string;
  readonly id: string;
}

/** A record of the graph, with the model it belongs to. */
export interface GraphNode extends NodeRef {
  readonly record: SqhRecord;
}

/** One step between two records: from `from`, the relation named `relation` reaches `to`. */
export interface GraphEdge {
  readonly from: NodeRef;
  /** The relation as a path names it: a field followed forward, or an inverse name. */
  readonly relation: string;
  readonly to: NodeRef;
}

/** A walk through the graph: records in order, and the edge between each pair. */
export interface GraphPath {
  readonly nodes: readonly NodeRef[];
  readonly edges: readonly GraphEdge[];
}

export interface TraverseQuery {
  /** The record to start at (its id, or its document id `Class/id`). */
  readonly startId: string;
  /**
   * Relation names separated by `/`: a relation field of the current model (followed forward),
   * or an inverse name a relation declares (followed backward). A step may end in `+` (one or
   * more times) or `*` (zero or more times), bounded by `maxDepth`.
   */
  readonly path: string;
  /** The most relations a walk may follow; the number of steps in `path` by default. */
  readonly maxDepth?: number;
  /** A condition on the records reached (core's filter language, checked against their model). */
  readonly filters?: FilterInput;
  /** The most records returned; 100 by default. */
  readonly limit?: number;
  /** Also return, for each record, the walks that reached it. */
  readonly withPaths?: boolean;
}

export interface TraverseResult {
  /** The reached records, each once, in document id order. */
  readonly nodes: readonly GraphNode[];
  /** With `withPaths`: the walks that reached each returned record. */
  readonly paths?: readonly GraphPath[];
  /** With `outputFormat: 'ison'`: the same answer as ISON. */
  readonly ison?: string;
}

/** A record named by model and id. */
export interface GraphRecordRef {
  readonly group: string;
  readonly model: string;
  readonly id: string;
}

export interface PathQuery {
  readonly from: GraphRecordRef;
  readonly to: GraphRecordRef;
  /** Relation names a path may use, forward fields or inverse names; every relation when omitted. */
  readonly via?: readonly string[];
  /** The most relations a path may follow; 4 by default. */
  readonly maxDepth?: number;
  /** `shortest`: only the paths of the least length (default); `all`: every simple path. */
  readonly mode?: 'shortest' | 'all';
  /** The most paths returned; 10 by default. */
  readonly limit?: number;
}

export interface PathQueryResult {
  /** Each path's records and edges in walk order; shorter paths first. */
  readonly paths: readonly { readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[] }[];
  readonly ison?: string;
}

export interface SubgraphQuery {
  readonly rootId: string;
  /** Relation names to follow, forward fields or inverse names; every relation when omitted. */
  readonly relations?: readonly string[];
  /** How many relations away from the root a record may be; 2 by default. */
  readonly depth?: number;
  /** The most records returned (nearest first); 1 000 by default. */
  readonly limit?: number;
}

export interface SubgraphResult {
  /** Each record once, the root first, then by distance. */
  readonly nodes: readonly GraphNode[];
  /** Every followed relation between two returned records, once. */
  readonly edges: readonly GraphEdge[];
  /** True when `limit` cut records off. */
  readonly truncated: boolean;
  readonly ison?: string;
}

/** A query written with the `terminusdb` package's WOQL builder, or plain WOQL JSON-LD. */
export type WoqlInput = { json(): unknown } | Readonly<Record<string, unknown>>;

export interface WoqlQueryOptions extends GraphCallOptions {
  /**
   * True by default. A query that writes runs only with `readOnly: false` and a caller holding
   * the `graph:woql_write` permission (and unrestricted access to every graph model).
   */
  readonly readOnly?: boolean;
}

export interface WoqlQueryResult {
  /** One object per solution: ids of graph records as record ids, typed literals as JS values. */
  readonly bindings: readonly Readonly<Record<string, unknown>>[];
  readonly inserts: number;
  readonly deletes: number;
  readonly ison?: string;
}
