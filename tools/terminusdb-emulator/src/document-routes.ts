import { apiErrors } from './api-errors.js';
import { assertDataVersion, DATA_VERSION_HEADER } from './data-version.js';
import type { Database } from './database.js';
import type { DatabaseRegistry } from './database-registry.js';
import { compileTemplate } from './document-query.js';
import { renderDocument } from './document-renderer.js';
import { stringifyExactJson } from './exact-json.js';
import { parseJsonStream, STREAM_CONTENT_TYPE } from './http-io.js';
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
      // The server also reads a GET's parameters from a JSON body.
      return getDocuments(database, request, await parametersIn(request));
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
  return getDocuments(database, request, await parametersIn(request));
}

async function parametersIn(request: RouteRequest): Promise<JsonObject> {
  const text = await request.body();
  const [body] = text.trim() === '' ? [{}] : parseJsonStream(text);
  if (!isJsonObject(body)) throw apiErrors.invalidJson();
  return body;
}

function getDocuments(database: Database, request: RouteRequest, body: JsonObject): RouteResponse {
  const params = new RequestParams(request.search, body);
  assertDataVersion(request.header(DATA_VERSION_HEADER), database.dataVersion);
  const graph = params.graphType();
  const asList = params.boolean('as_list', false);
  const render = {
    compressIds: params.boolean('compress_ids', params.boolean('prefixed', true)),
    unfold: params.boolean('unfold', true),
    unfoldable: (linked: string, ownerType: string, field: string) => {
      const { index } = database.schema;
      const document = database.instance.get(linked);
      const inline =
        index.classNamed(document?.type ?? '')?.unfoldable || index.field(ownerType, field)?.unfold;
      return inline ? document : undefined;
    },
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
      return oneDocument(database, found, id, asList);
    }
    documents = all;
  } else {
    const { iri } = database.schema;
    if (id !== undefined) {
      const found = findDocument(database, id);
      return oneDocument(database, found && renderDocument(found, iri, render), id, asList);
    }
    documents = selectInstanceDocuments(database, params, query).map((document) =>
      renderDocument(document, iri, render),
    );
  }
  const skip = params.nonNegativeInteger('skip') ?? 0;
  const count = params.nonNegativeInteger('count');
  const page = documents.slice(skip, count === undefined ? undefined : skip + count);
  return asList ? json(database, page) : stream(database, page);
}

/**
 * GET by id: with `as_list=true` a JSON array, `[]` when the id is missing (server v12.0.6);
 * without it the document as a one-line stream, and a missing id is `api:DocumentNotFound`.
 */
function oneDocument(
  database: Database,
  document: JsonObject | undefined,
  id: string,
  asList: boolean,
): RouteResponse {
  if (asList) return json(database, document === undefined ? [] : [document]);
  if (document === undefined) throw apiErrors.documentNotFound(id);
  return stream(database, [document]);
}

/** Without `as_list` the server streams one document per line (chunked, `stream=true`). */
function stream(database: Database, documents: readonly JsonObject[]): RouteResponse {
  return {
    kind: 'text',
    status: 200,
    body: documents.map((document) => `${stringifyExactJson(document)}\n`).join(''),
    contentType: STREAM_CONTENT_TYPE,
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

function findDocument(database: Database, id: string): StoredDocument | undefined {
  const expanded = database.schema.iri.expandInstance(id);
  return expanded === undefined ? undefined : database.instance.get(expanded);
}

function documentById(database: Database, id: string): StoredDocument {
  const document = findDocument(database, id);
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
