import { apiErrors } from './api-errors.js';
import { assertDataVersion, DATA_VERSION_HEADER } from './data-version.js';
import type { Database } from './database.js';
import type { DatabaseRegistry } from './database-registry.js';
import { parseJsonStream } from './http-io.js';
import { deleteDocuments } from './instance-graph.js';
import type { IriContext } from './iri-context.js';
import { isJsonObject, type JsonObject } from './json-types.js';
import { parseResourcePath, resolveBranch } from './resource-path.js';
import type { RouteRequest, RouteResponse } from './route-types.js';
import type { StoredDocument } from './stored-document.js';
import { TripleView } from './triple-view.js';
import { visibleVariables } from './woql-ast.js';
import { WoqlEvaluator } from './woql-evaluator.js';
import { parseWoql } from './woql-parser.js';
import { renderTerm } from './woql-terms.js';

/** Triples are derived once per committed state: every write replaces the instance map. */
const tripleViews = new WeakMap<ReadonlyMap<string, StoredDocument>, { iri: IriContext; view: TripleView }>();

/**
 * `POST /api/woql/PATH`: WOQL over a database's instance graph. `DeleteDocument` is the one
 * write: the documents it names are deleted after the query ran, in one commit (with the
 * same checks as the document endpoint), and `deletes` counts the triples removed.
 */
export async function handleWoqlRequest(
  registry: DatabaseRegistry,
  segments: readonly string[],
  request: RouteRequest,
): Promise<RouteResponse> {
  if (request.method !== 'POST')
    throw apiErrors.notSupportedByEmulator(`${request.method} on the WOQL endpoint`);
  if (segments.length === 0) throw apiErrors.notSupportedByEmulator('WOQL without a database resource');
  if ((request.header('content-type') ?? '').startsWith('multipart/')) {
    throw apiErrors.notSupportedByEmulator('WOQL with posted files (multipart requests)');
  }
  const database = resolveBranch(registry, parseResourcePath(segments));
  const [body] = parseJsonStream(await request.body());
  if (!isJsonObject(body)) throw apiErrors.invalidJson();
  if (!isJsonObject(body.query)) throw apiErrors.missingParameter('query');
  assertDataVersion(request.header(DATA_VERSION_HEADER), database.dataVersion);
  const answer = runQuery(database, body.query);
  return {
    kind: 'json',
    status: 200,
    body: answer,
    headers: { [DATA_VERSION_HEADER]: database.dataVersion },
  };
}

function runQuery(database: Database, json: JsonObject): JsonObject {
  const { iri, index } = database.schema;
  const query = parseWoql(json, iri);
  const names = visibleVariables(query);
  const deletions = new Set<string>();
  const before = tripleView(database);
  const evaluator = new WoqlEvaluator({ triples: before, schema: index, iri, deletions });
  const bindings = [];
  for (const solution of evaluator.solve(query, new Map())) {
    const row: JsonObject = {};
    for (const name of names) {
      const value = solution.get(name);
      row[name] = value === undefined ? null : renderTerm(value, iri);
    }
    bindings.push(row);
  }
  let deletes = 0;
  if (deletions.size > 0) {
    database.commit({ instance: deleteDocuments(database, { ids: [...deletions] }).documents });
    deletes = before.triples.length - tripleView(database).triples.length;
  }
  return {
    '@type': 'api:WoqlResponse',
    'api:status': 'api:success',
    'api:variable_names': names,
    bindings,
    deletes,
    inserts: 0,
    transaction_retry_count: 0,
  };
}

function tripleView(database: Database): TripleView {
  const { iri } = database.schema;
  const cached = tripleViews.get(database.instance);
  // A schema write can change the prefixes the triples are spelled with.
  if (cached !== undefined && cached.iri === iri) return cached.view;
  const view = new TripleView(database.instance.values(), iri);
  tripleViews.set(database.instance, { iri, view });
  return view;
}
