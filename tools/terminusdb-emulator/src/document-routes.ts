import { apiErrors } from './api-errors.js';
import { assertDataVersion, DATA_VERSION_HEADER } from './data-version.js';
import type { Database } from './database.js';
import type { DatabaseRegistry } from './database-registry.js';
import { compileTemplate } from './document-query.js';
import { renderDocument } from './document-renderer.js';
import { parseJsonStream } from './http-io.js';
import { deleteDocuments, insertDocuments, replaceDocuments } from './instance-graph.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types.js';
import { RequestParams } from './request-params.js';
import { parseResourcePath, resolveBranch } from './resource-path.js';
import type { RouteRequest, RouteResponse } from './route-types.js';
import {
  deleteSchemaDocuments,
  insertSchemaDocuments,
  replaceSchemaDocuments,
  schemaDocuments,
} from './schema-graph.js';
import { className } from './schema-parser.js';
import type { StoredDocument } from './stored-document.js';

/** `/api/document/PATH`: the document interface over the schema and instance graphs. */
export async function handleDocumentRequest(
  registry: DatabaseRegistry,
  segments: readonly string[],
  request: RouteRequest,
): Promise<RouteResponse> {
  const database = resolveBranch(registry, parseResourcePath(segments));
  switch (request.method) {
    case 'GET':
      return getDocuments(database, request, {});
    case 'HEAD':
      assertDataVersion(request.header(DATA_VERSION_HEADER), database.dataVersion);
      return { kind: 'empty', status: 200, headers: versionHeader(database) };
    case 'POST':
      return insert(database, request);
    case 'PUT':
      return replace(database, request);
    case 'DELETE':
      return remove(database, request);
    default:
      throw apiErrors.notSupportedByEmulator(`${request.method} on the document endpoint`);
  }
}

/** A POST with `X-HTTP-Method-Override: GET` carries the GET parameters (and a query) in its body. */
export async function queryDocuments(
  registry: DatabaseRegistry,
  segments: readonly string[],
  request: RouteRequest,
): Promise<RouteResponse> {
  const database = resolveBranch(registry, parseResourcePath(segments));
  const text = await request.body();
  const [body] = text.trim() === '' ? [{}] : parseJsonStream(text);
  if (!isJsonObject(body)) throw apiErrors.invalidJson();
  return getDocuments(database, request, body);
}

function getDocuments(database: Database, request: RouteRequest, body: JsonObject): RouteResponse {
  const params = new RequestParams(request.search, body);
  assertDataVersion(request.header(DATA_VERSION_HEADER), database.dataVersion);
  const graph = params.graphType();
  const asList = params.boolean('as_list', false);
  const render = {
    compressIds: params.boolean('compress_ids', params.boolean('prefixed', true)),
    unfold: params.boolean('unfold', true),
  };
  const id = params.string('id');
  const query = body.query;

  let documents: JsonObject[];
  if (graph === 'schema') {
    if (query !== undefined) {
      throw apiErrors.queryError(
        'api:QueryDocumentOnlySupportedForInstanceGraphs',
        'Query documents are currently only supported for instance graphs',
      );
    }
    const all = schemaDocuments(database);
    if (id !== undefined) {
      const found = all.find((document) => document['@id'] === id);
      if (found === undefined) throw apiErrors.documentNotFound(id);
      return json(database, found);
    }
    documents = all;
  } else {
    const { iri } = database.schema;
    if (id !== undefined) return json(database, renderDocument(documentById(database, id), iri, render));
    documents = selectInstanceDocuments(database, params, query).map((document) =>
      renderDocument(document, iri, render),
    );
  }
  const skip = params.nonNegativeInteger('skip') ?? 0;
  const count = params.nonNegativeInteger('count');
  const page = documents.slice(skip, count === undefined ? undefined : skip + count);
  if (asList) return json(database, page);
  return {
    kind: 'text',
    status: 200,
    body: page.map((document) => `${JSON.stringify(document)}\n`).join(''),
    contentType: 'application/json',
    headers: versionHeader(database),
  };
}

function selectInstanceDocuments(
  database: Database,
  params: RequestParams,
  query: JsonValue | undefined,
): StoredDocument[] {
  const { index, iri } = database.schema;
  const ids = params.stringList('ids');
  if (ids !== undefined) return ids.map((id) => documentById(database, id));
  const type = params.string('type');
  const all = [...database.instance.values()];
  if (query !== undefined) {
    const template = compileTemplate(type, query, {
      schema: index,
      iri,
      lookup: (id) => database.instance.get(id),
    });
    return all.filter(
      (document) => index.isSubclassOf(document.type, template.type) && template.matches(document),
    );
  }
  if (type === undefined) return all;
  const name = className(type, iri);
  if (index.classNamed(name) === undefined) throw apiErrors.typeNotFound(type, type);
  return all.filter((document) => index.isSubclassOf(document.type, name));
}

function documentById(database: Database, id: string): StoredDocument {
  const expanded = database.schema.iri.expandInstance(id);
  const document = expanded === undefined ? undefined : database.instance.get(expanded);
  if (document === undefined) throw apiErrors.documentNotFound(id);
  return document;
}

async function insert(database: Database, request: RouteRequest): Promise<RouteResponse> {
  const params = writeParams(request);
  if (params.boolean('raw_json', false)) throw apiErrors.notSupportedByEmulator('raw_json documents');
  const inputs = documentsIn(await request.body());
  assertDataVersion(request.header(DATA_VERSION_HEADER), database.dataVersion);
  const fullReplace = params.boolean('full_replace', false);
  if (params.graphType() === 'schema') {
    const change = insertSchemaDocuments(database, inputs, fullReplace);
    database.commit({ schema: change.schema });
    return json(database, change.ids);
  }
  const change = insertDocuments(database, inputs, fullReplace);
  database.commit({ instance: change.documents });
  return json(database, change.ids);
}

async function replace(database: Database, request: RouteRequest): Promise<RouteResponse> {
  const params = writeParams(request);
  if (params.boolean('raw_json', false)) throw apiErrors.notSupportedByEmulator('raw_json documents');
  const inputs = documentsIn(await request.body());
  assertDataVersion(request.header(DATA_VERSION_HEADER), database.dataVersion);
  const create = params.boolean('create', false);
  if (params.graphType() === 'schema') {
    const change = replaceSchemaDocuments(database, inputs, create);
    database.commit({ schema: change.schema });
    return json(database, change.ids);
  }
  const change = replaceDocuments(database, inputs, create);
  database.commit({ instance: change.documents });
  return json(database, change.ids);
}

async function remove(database: Database, request: RouteRequest): Promise<RouteResponse> {
  const params = writeParams(request);
  const text = await request.body();
  assertDataVersion(request.header(DATA_VERSION_HEADER), database.dataVersion);
  const id = params.string('id');
  const type = params.string('type');
  const nuke = params.boolean('nuke', false);
  const bodyIds = text.trim() === '' ? undefined : idsIn(text);
  const ids = id !== undefined ? [id] : bodyIds;
  if (params.graphType() === 'schema') {
    if (!nuke && ids === undefined) throw apiErrors.missingTargets();
    database.commit({ schema: deleteSchemaDocuments(database, nuke ? 'all' : (ids as string[])) });
  } else {
    const target = nuke ? 'all' : ids !== undefined ? { ids } : type !== undefined ? { type } : undefined;
    if (target === undefined) throw apiErrors.missingTargets();
    database.commit({ instance: deleteDocuments(database, target).documents });
  }
  return { kind: 'empty', status: 204, headers: versionHeader(database) };
}

/** Every write names its commit's author and message. */
function writeParams(request: RouteRequest): RequestParams {
  const params = new RequestParams(request.search);
  params.requiredString('author');
  params.requiredString('message');
  return params;
}

/** A body of one document, an array of documents, or a stream of either. */
function documentsIn(text: string): JsonValue[] {
  return parseJsonStream(text).flatMap((value) => (Array.isArray(value) ? value : [value]));
}

function idsIn(text: string): string[] {
  const ids = documentsIn(text);
  if (!ids.every((id) => typeof id === 'string')) throw apiErrors.missingField('@id', ids);
  return ids as string[];
}

function json(database: Database, body: JsonValue): RouteResponse {
  return { kind: 'json', status: 200, body, headers: versionHeader(database) };
}

function versionHeader(database: Database): Record<string, string> {
  return { [DATA_VERSION_HEADER]: database.dataVersion };
}
