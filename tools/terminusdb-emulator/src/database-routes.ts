import { apiErrors } from './api-errors.js';
import type { Database } from './database.js';
import type { DatabaseRegistry } from './database-registry.js';
import { parseJsonStream } from './http-io.js';
import { DEFAULT_PREFIXES } from './iri-context.js';
import { isJsonObject, type JsonObject } from './json-types.js';
import { RequestParams } from './request-params.js';
import type { RouteRequest, RouteResponse } from './route-types.js';

/** `/api/db` and `/api/db/ORG/DB`: list, inspect, create and delete databases. */
export async function handleDatabaseRequest(
  registry: DatabaseRegistry,
  segments: readonly string[],
  request: RouteRequest,
): Promise<RouteResponse> {
  if (segments.length === 0) {
    if (request.method !== 'GET') throw apiErrors.notSupportedByEmulator(`${request.method} /api/db`);
    const branches = new RequestParams(request.search).boolean('branches', false);
    return {
      kind: 'json',
      status: 200,
      body: registry.all().map((database) => describe(database, branches)),
    };
  }
  // `POST /api/db/ORG/` names an empty database.
  if (request.method === 'POST' && segments.length === 1) throw apiErrors.invalidDatabaseName('');
  const [organization, name] = segments;
  if (segments.length !== 2 || organization === undefined || name === undefined) {
    throw apiErrors.badDescriptorPath(segments.join('/'));
  }
  switch (request.method) {
    case 'HEAD':
      return { kind: 'empty', status: registry.find(organization, name) === undefined ? 404 : 200 };
    case 'GET': {
      const database = registry.find(organization, name);
      if (database === undefined) throw apiErrors.unknownDatabase(organization, name);
      return { kind: 'json', status: 200, body: describe(database, false) };
    }
    case 'POST':
      return create(registry, organization, name, await request.body());
    case 'DELETE':
      registry.delete(organization, name);
      return {
        kind: 'json',
        status: 200,
        body: { '@type': 'api:DbDeleteResponse', 'api:status': 'api:success' },
      };
    default:
      throw apiErrors.notSupportedByEmulator(`${request.method} /api/db/${organization}/${name}`);
  }
}

/** The server refuses empty names, names with `|`, and names longer than 246 characters. */
const MAX_DATABASE_NAME = 246;

function create(registry: DatabaseRegistry, organization: string, name: string, text: string): RouteResponse {
  if (name === '' || name.includes('|') || name.length > MAX_DATABASE_NAME)
    throw apiErrors.invalidDatabaseName(name);
  const [body] = text.trim() === '' ? [{}] : parseJsonStream(text);
  if (!isJsonObject(body)) throw apiErrors.invalidJson();
  const label = body.label;
  if (label === undefined || label === null) throw apiErrors.missingParameter('label');
  if (typeof label !== 'string' || label === '')
    throw apiErrors.badParameterType('label', 'non-empty string', label);
  const comment = typeof body.comment === 'string' ? body.comment : '';
  if (body.schema === false)
    throw apiErrors.notSupportedByEmulator('databases without a schema (schema: false)');
  const prefixes = isJsonObject(body.prefixes) ? body.prefixes : {};
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(prefixes)) {
    if (!key.startsWith('@') && typeof value === 'string') extra[key] = value;
  }
  const database = registry.create(organization, name, label, comment, {
    base: typeof prefixes['@base'] === 'string' ? prefixes['@base'] : DEFAULT_PREFIXES.base,
    schema: typeof prefixes['@schema'] === 'string' ? prefixes['@schema'] : DEFAULT_PREFIXES.schema,
    extra,
  });
  return {
    kind: 'json',
    status: 200,
    body: {
      '@type': 'api:DbCreateResponse',
      'api:database_uri': database.info.uri,
      'api:status': 'api:success',
    },
  };
}

/**
 * The emulator's database descriptor: both the older `database_name` and the newer `path`
 * spellings; `branches` lists the branch names when the listing asked for them.
 */
function describe(database: Database, branches: boolean): JsonObject {
  const { organization, name, label, comment, createdAt } = database.info;
  return {
    '@type': 'UserDatabase',
    name,
    label,
    comment,
    creation_date: createdAt,
    state: 'finalized',
    path: `${organization}/${name}`,
    database_name: `${organization}/${name}`,
    branch_name: ['main'],
    ...(branches ? { branches: ['main'] } : {}),
  };
}
