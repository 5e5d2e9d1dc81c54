import {
  type JsonObject,
  type JsonValue,
  TERMINUS_BACKEND,
  TerminusApiError,
  type TerminusBackendService,
} from '@sqh/backend-terminus';
import {
  AccessDeniedError,
  type AccessOperation,
  assertTenantId,
  BackendUnavailableError,
  type FilterNode,
  holdsPermission,
  isSqhError,
  type Model,
  type ModelRegistry,
  quoteInput,
  TENANT_CALLS,
  type TenantCallOptions,
  type TenantCalls,
  UnsupportedError,
  ValidationError,
  validateFilter,
} from '@sqh/core/spi';
import { inject, injectable } from 'tsyringe';
import { GraphGoals } from './graph-goals.js';
import { bindingsIson, graphIson, isonReference } from './graph-ison.js';
import { GRAPH_MODELS } from './graph-models-token.js';
import { type Hop, RelationCatalog } from './graph-relations.js';
import type {
  GraphCallOptions,
  GraphEdge,
  GraphNode,
  GraphPath,
  GraphRecordRef,
  NodeRef,
  PathQuery,
  PathQueryResult,
  SubgraphQuery,
  SubgraphResult,
  TraverseQuery,
  TraverseResult,
  WoqlInput,
  WoqlQueryOptions,
  WoqlQueryResult,
} from './graph-types.js';
import { PATH_END_DOC, PATH_SHAPE, PATH_START_DOC, pathDoc, pathQuery } from './path-plan.js';
import { GraphReadScopes, type ReadVisibility } from './read-scopes.js';
import { EDGE_FIELD, EDGE_FROM, EDGE_TO, KIND, KIND_NODE, NODE_DOC, subgraphQuery } from './subgraph-plan.js';
import {
  checkDepth,
  defaultDepth,
  expandSteps,
  MAX_WALK_SHAPES,
  parseTraversalPath,
} from './traversal-path.js';
import { DOC, NO_NODE, traverseQuery, WALKS } from './traverse-plan.js';
import { toJson, type WoqlQuery } from './woql.js';
import { inspectWoql } from './woql-guard.js';
import { type BindingDecoder, plainValue } from './woql-values.js';

/** The permission a caller needs for a woqlQuery that writes. */
export const WOQL_WRITE_PERMISSION = 'graph:woql_write';

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
    @inject(TENANT_CALLS.name) private readonly tenantCalls: TenantCalls,
  ) {}

  /** Every call runs through core's tenant gate (deprovisioning, strict mode). */
  private tenantCall(options: GraphCallOptions | undefined): TenantCallOptions {
    const signal = options?.signal;
    return { backend: this.terminus.key, ...(signal ? { signal } : {}) };
  }

  /**
   * The records reached from `startId` along `path` (e.g. `contacts/opportunities`: an account's
   * contacts, then their opportunities), each once, in document id order.
   */
  traverse(
    tenantId: string,
    group: string,
    modelName: string,
    query: TraverseQuery,
    options: GraphCallOptions = {},
  ): Promise<TraverseResult> {
    return this.tenantCalls.run(tenantId, this.tenantCall(options), async () => {
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
      const goals = await this.goals(
        tenantId,
        [start, ...shapes.flat().map((hop) => hop.to)],
        options,
        start,
      );
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
      if (!withPaths) return { nodes, ...isonOf(options, () => graphIson(nodes, [])) };
      const startRef: NodeRef = {
        model: start.key,
        id: this.terminus.recordId(this.terminus.documentId(start, startId)),
      };
      const paths = rows.flatMap((row, index) =>
        walksOf(row[WALKS]).map((walk) => this.walkPath(startRef, visible, walk, nodes[index] as GraphNode)),
      );
      const unique = dedupePaths(paths);
      const edgeRows = unique.flatMap((path, index) =>
        path.edges.map((edge, step) => ({ edge, extra: { path: index, step } })),
      );
      return { nodes, paths: unique, ...isonOf(options, () => graphIson(nodes, edgeRows)) };
    });
  }

  /**
   * Paths from one record to another as ordered records and edges: `shortest` (default) keeps the
   * paths of least length, `all` every simple path up to `maxDepth`, shorter first.
   */
  pathQuery(tenantId: string, query: PathQuery, options: GraphCallOptions = {}): Promise<PathQueryResult> {
    return this.tenantCalls.run(tenantId, this.tenantCall(options), async () => {
      assertTenantId(tenantId);
      const from = this.graphModel(tenantId, query.from?.group, query.from?.model);
      const to = this.graphModel(tenantId, query.to?.group, query.to?.model);
      const maxDepth = checkDepth(query.maxDepth ?? 4, 'maxDepth');
      const limit = checkLimit(query.limit ?? 10);
      const mode = query.mode ?? 'shortest';
      if (mode !== 'shortest' && mode !== 'all') {
        throw new ValidationError("mode must be 'shortest' or 'all'", [
          { path: ['mode'], message: `got ${String(mode)}` },
        ]);
      }
      const allowed = this.allowedRelations(query.via, 'via');
      const fromIri = this.terminus.documentId(from, checkRef(query.from, 'from'));
      const toIri = this.terminus.documentId(to, checkRef(query.to, 'to'));
      const shapes = this.shapesBetween(from, to, allowed, maxDepth);
      const goals = await this.goals(
        tenantId,
        [from, to, ...shapes.flat().map((hop) => hop.to)],
        options,
        from,
      );
      if (!goals.canSee(to)) throw new AccessDeniedError(`Access denied: read on ${to.key}`);
      const visible = shapes.filter((shape) => shape.every((hop) => goals.canSee(hop.to)));
      if (visible.length === 0 || fromIri === toIri) return { paths: [] };
      const woql = pathQuery({
        goals,
        start: { iri: fromIri, model: from },
        end: { iri: toIri, model: to },
        shapes: visible,
        limit,
      });
      const rows = await this.run(tenantId, woql, `pathQuery from ${from.key}`, options);
      const paths = rows.map((row) => {
        const shape = visible[Number(literalValue(row[PATH_SHAPE]))] as readonly Hop[];
        const nodes = [
          this.node(row[PATH_START_DOC]),
          ...shape.slice(0, -1).map((_, position) => this.node(row[pathDoc(position + 1)])),
          this.node(row[PATH_END_DOC]),
        ];
        const edges: GraphEdge[] = shape.map((hop, position) => ({
          from: refOf(nodes[position] as GraphNode),
          relation: hop.name,
          to: refOf(nodes[position + 1] as GraphNode),
        }));
        return { nodes, edges };
      });
      const shortest = Math.min(...paths.map((path) => path.edges.length));
      const chosen = mode === 'shortest' ? paths.filter((path) => path.edges.length === shortest) : paths;
      return {
        paths: chosen,
        ...isonOf(options, () =>
          graphIson(
            chosen.flatMap((path) => path.nodes),
            chosen.flatMap((path, index) =>
              path.edges.map((edge, step) => ({ edge, extra: { path: index, step } })),
            ),
          ),
        ),
      };
    });
  }

  /**
   * The records within `depth` relations of the root (each once, nearest first) and the stored
   * links between them that the walk followed (each once, from the record holding the field).
   */
  subgraph(
    tenantId: string,
    group: string,
    modelName: string,
    query: SubgraphQuery,
    options: GraphCallOptions = {},
  ): Promise<SubgraphResult> {
    return this.tenantCalls.run(tenantId, this.tenantCall(options), async () => {
      const root = this.graphModel(tenantId, group, modelName);
      const depth = checkDepth(query.depth ?? 2, 'depth');
      const limit = checkLimit(query.limit ?? 1_000);
      const allowed = this.allowedRelations(query.relations, 'relations');
      const rootIri = this.terminus.documentId(root, checkId(query.rootId, 'rootId'));
      const catalog = this.relations();
      const models = catalog.graphModels();
      const hops = new Map(
        models.map((model) => [
          model.key,
          catalog.hopsFrom(model).filter((hop) => !allowed || allowed.has(hop.name)),
        ]),
      );
      const goals = await this.goals(tenantId, models, options, root);
      const woql = subgraphQuery({ goals, root: { iri: rootIri, model: root }, hops, models, depth, limit });
      const rows = await this.run(tenantId, woql, `subgraph of ${root.key}`, options);
      const nodeRows = rows.filter((row) => literalValue(row[KIND]) === KIND_NODE);
      const nodes = nodeRows.slice(0, limit).map((row) => this.node(row[NODE_DOC]));
      const byIri = new Map(
        nodeRows.slice(0, limit).map((row, index) => [String(row.node), nodes[index] as GraphNode]),
      );
      const edges: GraphEdge[] = [];
      for (const row of rows) {
        if (literalValue(row[KIND]) === KIND_NODE) continue;
        const source = byIri.get(String(row[EDGE_FROM]));
        const target = byIri.get(String(row[EDGE_TO]));
        const label = String(literalValue(row[EDGE_FIELD]));
        if (!source || !target) continue;
        edges.push({ from: refOf(source), relation: label.slice(label.indexOf('#') + 1), to: refOf(target) });
      }
      return {
        nodes,
        edges,
        truncated: nodeRows.length > limit,
        ...isonOf(options, () =>
          graphIson(
            nodes,
            edges.map((edge) => ({ edge })),
          ),
        ),
      };
    });
  }

  /**
   * Raw WOQL over the tenant's database, for power users: a query built with the `terminusdb`
   * package's `WOQL` builder or plain JSON-LD. Bindings come back as plain values. Raw WOQL
   * cannot be narrowed to an access scope, so the caller must be allowed to read every graph
   * model without one; nodes that reach outside the tenant's database are refused, and writes
   * need `readOnly: false` plus the `graph:woql_write` permission.
   */
  woqlQuery(tenantId: string, query: WoqlInput, options: WoqlQueryOptions = {}): Promise<WoqlQueryResult> {
    return this.tenantCalls.run(tenantId, this.tenantCall(options), async () => {
      assertTenantId(tenantId);
      const json = woqlJson(query);
      const { writes } = inspectWoql(json);
      if (writes.length > 0) {
        if (options.readOnly !== false) {
          throw new AccessDeniedError(
            `Access denied: this woqlQuery writes (${writes.join(', ')}); pass readOnly: false to allow writes.`,
          );
        }
        if (!options.access || !holdsPermission(options.access.permissions, WOQL_WRITE_PERMISSION)) {
          throw new AccessDeniedError(
            `Access denied: a woqlQuery that writes needs the '${WOQL_WRITE_PERMISSION}' permission.`,
          );
        }
      }
      const operations: AccessOperation[] =
        writes.length > 0 ? ['read', 'create', 'update', 'delete'] : ['read'];
      for (const operation of operations) {
        for (const model of this.relations().graphModels()) {
          const decided = await this.scopes.decide(tenantId, model, operation, options.access);
          if (decided.kind !== 'all') {
            throw new AccessDeniedError(
              `Access denied: raw WOQL cannot be limited to what you may ${operation} of ${model.key}; use traverse, pathQuery or subgraph, which apply your access scope.`,
            );
          }
        }
      }
      const commit =
        writes.length > 0 ? { author: options.access?.userId ?? 'sqh', message: 'woqlQuery' } : undefined;
      const result = await this.send(tenantId, json, 'woqlQuery', options, commit);
      const decoder = this.bindingDecoder();
      const bindings = result.bindings.map((row) =>
        Object.fromEntries(Object.entries(row).map(([name, value]) => [name, plainValue(value, decoder)])),
      );
      const ison = isonOf(options, () => {
        const references = {
          ...decoder,
          reference: (documentId: string, id: string) => this.isonReferenceOf(documentId, id),
        };
        return bindingsIson(
          result.bindings.map((row) =>
            Object.fromEntries(
              Object.entries(row).map(([name, value]) => [name, plainValue(value, references)]),
            ),
          ),
        );
      });
      return { bindings, inserts: result.inserts, deletes: result.deletes, ...ison };
    });
  }

  private bindingDecoder(): BindingDecoder {
    const catalog = this.relations();
    return {
      recordIdOf: (documentId) => {
        const slash = documentId.indexOf('/');
        if (slash <= 0 || documentId.indexOf('/', slash + 1) !== -1) return undefined;
        return catalog.modelOfClass(documentId.slice(0, slash))
          ? this.terminus.recordId(documentId)
          : undefined;
      },
      recordOf: (document) => {
        const type = document['@type'];
        const model = typeof type === 'string' ? catalog.modelOfClass(type) : undefined;
        return model && typeof document['@id'] === 'string'
          ? this.terminus.decode(model, document)
          : undefined;
      },
    };
  }

  /** An ISON reference to the record a document id names. */
  private isonReferenceOf(documentId: string, id: string): unknown {
    const model = this.relations().modelOfClass(documentId.slice(0, documentId.indexOf('/')));
    return model ? isonReference({ model: model.key, id }) : id;
  }

  /** Every typed hop sequence from one model to another, shortest first. */
  private shapesBetween(
    from: Model,
    to: Model,
    allowed: ReadonlySet<string> | undefined,
    maxDepth: number,
  ): Hop[][] {
    const catalog = this.relations();
    const shapes: Hop[][] = [];
    let frontier: Hop[][] = [[]];
    for (let length = 1; length <= maxDepth; length++) {
      const next: Hop[][] = [];
      for (const shape of frontier) {
        const at = shape.length === 0 ? from : (shape[shape.length - 1] as Hop).to;
        for (const hop of catalog.hopsFrom(at)) {
          if (allowed && !allowed.has(hop.name)) continue;
          next.push([...shape, hop]);
        }
      }
      shapes.push(...next.filter((shape) => (shape[shape.length - 1] as Hop).to === to));
      if (next.length > MAX_WALK_SHAPES * 8) {
        throw new ValidationError(
          `paths of up to ${maxDepth} relations have too many shapes; lower maxDepth or narrow via`,
          [{ path: ['maxDepth'], message: 'too many relation sequences' }],
        );
      }
      frontier = next;
    }
    if (shapes.length > MAX_WALK_SHAPES) {
      throw new ValidationError(
        `there are more than ${MAX_WALK_SHAPES} relation sequences between the two models; lower maxDepth or narrow via`,
        [{ path: ['via'], message: 'too many relation sequences' }],
      );
    }
    return shapes;
  }

  /** Relation names a caller restricts a query to; each must exist somewhere in the graph. */
  private allowedRelations(names: readonly string[] | undefined, option: string): Set<string> | undefined {
    if (names === undefined) return undefined;
    if (!Array.isArray(names) || names.length === 0) {
      throw new ValidationError(`${option} must be a non-empty list of relation names`, [
        { path: [option], message: 'expected names' },
      ]);
    }
    const known = new Set(
      this.relations()
        .graphModels()
        .flatMap((model) =>
          this.relations()
            .hopsFrom(model)
            .map((hop) => hop.name),
        ),
    );
    names.forEach((name, index) => {
      if (typeof name !== 'string' || !known.has(name)) {
        throw new ValidationError(`${quoteInput(name)} is not a relation of any graph model`, [
          { path: [option, index], message: `known relations: ${[...known].sort().join(', ')}` },
        ]);
      }
    });
    return new Set(names);
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
  private graphModel(tenantId: string, group: string | undefined, modelName: string | undefined): Model {
    assertTenantId(tenantId);
    const model = this.models.get(String(group), String(modelName));
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

  /** Sends one WOQL query built here. */
  private async run(
    tenantId: string,
    query: WoqlQuery,
    action: string,
    options: GraphCallOptions,
  ): Promise<Row[]> {
    return (await this.send(tenantId, toJson(query), action, options)).bindings;
  }

  /** Sends one WOQL request; a tenant without a database has no records. */
  private async send(
    tenantId: string,
    query: Readonly<Record<string, unknown>>,
    action: string,
    options: GraphCallOptions,
    commit?: { author: string; message: string },
  ): Promise<{ bindings: Row[]; inserts: number; deletes: number }> {
    checkFormat(options.outputFormat);
    const timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    signal.throwIfAborted();
    try {
      const { value } = await this.terminus.client.woql(
        this.terminus.databaseFor(tenantId),
        query as JsonObject,
        {
          signal,
          ...(commit ? { commit } : {}),
        },
      );
      return { bindings: value.bindings as Row[], inserts: value.inserts, deletes: value.deletes };
    } catch (error) {
      if (error instanceof TerminusApiError && MISSING_DATABASE.has(error.errorType ?? '')) {
        return { bindings: [], inserts: 0, deletes: 0 };
      }
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
/** `{ ison }` when the caller asked for ISON; the format is checked first, on every call. */
function isonOf(options: GraphCallOptions, encode: () => string): { ison?: string } {
  return checkFormat(options.outputFormat) === 'ison' ? { ison: encode() } : {};
}

function checkFormat(format: unknown): 'json' | 'ison' {
  if (format === undefined || format === 'json' || format === 'ison') return format ?? 'json';
  throw new ValidationError("outputFormat must be 'json' or 'ison'", [
    { path: ['outputFormat'], message: `got ${JSON.stringify(String(format)).slice(0, 66)}` },
  ]);
}

/** The JSON-LD of a builder query, or plain JSON-LD. */
function woqlJson(query: WoqlInput): Readonly<Record<string, unknown>> {
  const built = query as { json?: unknown };
  const json = typeof built?.json === 'function' ? (built as { json(): unknown }).json() : query;
  const type =
    typeof json === 'object' && json !== null ? (json as { '@type'?: unknown })['@type'] : undefined;
  if (Array.isArray(json) || typeof type !== 'string') {
    throw new ValidationError(
      'woqlQuery needs a WOQL query: built with WOQL from the terminusdb package, or WOQL JSON-LD',
      [{ path: ['query'], message: 'expected an object with @type' }],
    );
  }
  return json as Readonly<Record<string, unknown>>;
}

function refOf(node: GraphNode): NodeRef {
  return { model: node.model, id: node.id };
}

function checkRef(ref: GraphRecordRef | undefined, name: string): string {
  return checkId(ref?.id, `${name}.id`);
}

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
