import {
  type JsonObject,
  type JsonValue,
  TERMINUS_BACKEND,
  TerminusApiError,
  type TerminusBackendService,
} from '@sqh/backend-terminus';
import {
  AccessDeniedError,
  assertTenantId,
  BackendUnavailableError,
  type FilterNode,
  isSqhError,
  type Model,
  type ModelRegistry,
  UnsupportedError,
  ValidationError,
  validateFilter,
} from '@sqh/core';
import { inject, injectable } from 'tsyringe';
import { GraphGoals } from './graph-goals.js';
import { GRAPH_MODELS } from './graph-models-token.js';
import { type Hop, RelationCatalog } from './graph-relations.js';
import type {
  GraphCallOptions,
  GraphEdge,
  GraphNode,
  GraphPath,
  NodeRef,
  TraverseQuery,
  TraverseResult,
} from './graph-types.js';
import { GraphReadScopes, type ReadVisibility } from './read-scopes.js';
import { checkDepth, defaultDepth, expandSteps, parseTraversalPath } from './traversal-path.js';
import { DOC, NO_NODE, traverseQuery, WALKS } from './traverse-plan.js';
import { toJson, type WoqlQuery } from './woql.js';

/** Every call ends: by the caller's signal, or after this long. */
export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

/** How a WOQL request names a database that does not exist (the server resolves the path first). */
const MISSING_DATABASE = new Set(['api:UnresolvableAbsoluteDescriptor', 'api:UnknownDatabase']);

type Row = Readonly<Record<string, JsonValue>>;

/**
 * Graph queries over each tenant's TerminusDB database: traversals, paths between records,
 * subgraphs and raw WOQL. Each call is one WOQL request; records the caller may not read are
 * neither returned nor walked through.
 */
@injectable()
export class TerminusDBQueryService {
  private catalog: RelationCatalog | undefined;

  constructor(
    @inject(TERMINUS_BACKEND.name) private readonly terminus: TerminusBackendService,
    @inject(GRAPH_MODELS.name) private readonly models: ModelRegistry,
    @inject(GraphReadScopes) private readonly scopes: GraphReadScopes,
  ) {}

  /**
   * The records reached from `startId` along `path` (e.g. `contacts/opportunities`: an account's
   * contacts, then their opportunities), each once, in document id order.
   */
  async traverse(
    tenantId: string,
    group: string,
    modelName: string,
    query: TraverseQuery,
    options: GraphCallOptions = {},
  ): Promise<TraverseResult> {
    const start = this.graphModel(tenantId, group, modelName);
    const steps = parseTraversalPath(query.path);
    const maxDepth = checkDepth(query.maxDepth ?? defaultDepth(steps), 'maxDepth');
    const limit = checkLimit(query.limit ?? DEFAULT_LIMIT);
    const startId = checkId(query.startId, 'startId');
    const shapes = this.resolveShapes(start, expandSteps(steps, maxDepth));
    const ends = [...new Set(shapes.map((shape) => (shape[shape.length - 1] as Hop).to))];
    const filters = new Map<string, FilterNode | undefined>(
      ends.map((model) => [model.key, validateFilter(model, query.filters)]),
    );
    const goals = await this.goals(tenantId, [start, ...shapes.flat().map((hop) => hop.to)], options, start);
    const visible = shapes.filter((shape) => shape.every((hop) => goals.canSee(hop.to)));
    if (visible.length === 0) return { nodes: [], ...(query.withPaths ? { paths: [] } : {}) };
    const withPaths = query.withPaths === true;
    const woql = traverseQuery({
      goals,
      startModel: start,
      startIri: this.terminus.documentId(start, startId),
      shapes: visible,
      filters,
      limit,
      withPaths,
    });
    const rows = await this.run(tenantId, woql, `traverse on ${start.key}`, options);
    const nodes = rows.map((row) => this.node(row[DOC]));
    if (!withPaths) return { nodes };
    const startRef: NodeRef = {
      model: start.key,
      id: this.terminus.recordId(this.terminus.documentId(start, startId)),
    };
    const paths = rows.flatMap((row, index) =>
      walksOf(row[WALKS]).map((walk) => this.walkPath(startRef, visible, walk, nodes[index] as GraphNode)),
    );
    return { nodes, paths: dedupePaths(paths) };
  }

  /** Each expanded name sequence as the hops it takes from `start`; sequences that do not fit the models are dropped. */
  private resolveShapes(start: Model, sequences: readonly string[][]): Hop[][] {
    const catalog = this.relations();
    const shapes: Hop[][] = [];
    let firstProblem: unknown;
    for (const names of sequences) {
      let at = start;
      const hops: Hop[] = [];
      try {
        names.forEach((name, index) => {
          const hop = catalog.require(at, name, ['path', index]);
          hops.push(hop);
          at = hop.to;
        });
        shapes.push(hops);
      } catch (error) {
        firstProblem ??= error;
      }
    }
    if (shapes.length === 0) throw firstProblem;
    return shapes;
  }

  private walkPath(
    start: NodeRef,
    shapes: readonly (readonly Hop[])[],
    walk: readonly JsonValue[],
    end: GraphNode,
  ): GraphPath {
    const shape = shapes[Number(literalValue(walk[0]))];
    if (!shape)
      throw new BackendUnavailableError('TerminusDB answered a traversal with a walk it was not asked for.');
    const nodes: NodeRef[] = [start];
    shape.forEach((hop, position) => {
      const iri = position === shape.length - 1 ? undefined : walk[position + 1];
      nodes.push(
        iri === undefined
          ? { model: end.model, id: end.id }
          : { model: hop.to.key, id: this.terminus.recordId(String(iri)) },
      );
    });
    const edges: GraphEdge[] = shape.map((hop, position) => ({
      from: nodes[position] as NodeRef,
      relation: hop.name,
      to: nodes[position + 1] as NodeRef,
    }));
    return { nodes, edges };
  }

  private relations(): RelationCatalog {
    this.catalog ??= new RelationCatalog(this.models, this.terminus);
    return this.catalog;
  }

  /** The model, checked to be a graph model, after checking the tenant. */
  private graphModel(tenantId: string, group: string, modelName: string): Model {
    assertTenantId(tenantId);
    const model = this.models.get(group, modelName);
    if (!this.relations().isGraphModel(model)) {
      throw new UnsupportedError(
        `${model.key} is not stored in TerminusDB, so it is not part of the graph; query it through sqh.records or its backend's query service.`,
      );
    }
    return model;
  }

  /**
   * What the caller may read of each model the query can touch. The model the call names must be
   * readable (AccessDeniedError otherwise); any other model the caller may not read is a wall.
   */
  private async goals(
    tenantId: string,
    models: readonly Model[],
    options: GraphCallOptions,
    named: Model,
  ): Promise<GraphGoals> {
    const unique = [...new Map(models.map((model) => [model.key, model])).values()];
    const decided = await Promise.all(
      unique.map(
        async (model) => [model.key, await this.scopes.visibility(tenantId, model, options.access)] as const,
      ),
    );
    const visibility = new Map<string, ReadVisibility>(decided);
    const own = visibility.get(named.key);
    if (own?.kind === 'none') throw new AccessDeniedError(own.reason);
    return new GraphGoals(this.terminus, visibility);
  }

  /** Sends one WOQL query; a tenant without a database has no records. */
  private async run(
    tenantId: string,
    query: WoqlQuery,
    action: string,
    options: GraphCallOptions,
  ): Promise<Row[]> {
    const timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    signal.throwIfAborted();
    try {
      const { value } = await this.terminus.client.woql(
        this.terminus.databaseFor(tenantId),
        toJson(query) as JsonObject,
        { signal },
      );
      return value.bindings as Row[];
    } catch (error) {
      if (error instanceof TerminusApiError && MISSING_DATABASE.has(error.errorType ?? '')) return [];
      if (timeout.aborted && !options.signal?.aborted) {
        throw new BackendUnavailableError(
          `${action} did not finish within ${timeoutMs} ms; narrow the query (limit, maxDepth) or raise timeoutMs.`,
          { cause: error },
        );
      }
      if (isSqhError(error) || options.signal?.aborted) throw error;
      throw this.terminus.translateError(error, action);
    }
  }

  /** A document of an answer as the record of its model. */
  private node(document: JsonValue | undefined): GraphNode {
    const type = isObject(document) ? document['@type'] : undefined;
    const model = typeof type === 'string' ? this.relations().modelOfClass(type) : undefined;
    if (!model || !isObject(document)) {
      throw new BackendUnavailableError(
        `TerminusDB answered with a document of an unknown class (${String(type)}).`,
      );
    }
    const record = this.terminus.decode(model, document);
    return { model: model.key, id: record.id, record };
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literalValue(value: JsonValue | undefined): JsonValue | undefined {
  return isObject(value) ? value['@value'] : value;
}

/** The walks of a GroupBy answer; a one-slot template comes back unwrapped, as the server does. */
function walksOf(value: JsonValue | undefined): JsonValue[][] {
  if (!Array.isArray(value)) return [];
  return value
    .map((walk) => (Array.isArray(walk) ? walk : [walk]))
    .map((walk) => walk.filter((slot) => literalValue(slot) !== NO_NODE));
}

function dedupePaths(paths: readonly GraphPath[]): GraphPath[] {
  const seen = new Map<string, GraphPath>();
  for (const path of paths) seen.set(JSON.stringify(path.edges), path);
  return [...seen.values()];
}

function checkLimit(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}`, [
      { path: ['limit'], message: `got ${String(value)}` },
    ]);
  }
  return value;
}

function checkTimeout(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValidationError('timeoutMs must be a positive integer', [
      { path: ['timeoutMs'], message: `got ${String(value)}` },
    ]);
  }
  return value;
}

function checkId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`${name} must be a record id`, [
      { path: [name], message: 'expected a non-empty string' },
    ]);
  }
  return value;
}
