import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ApiError, apiErrors, requestId } from './api-errors.js';
import { hasValidBasicAuth } from './basic-auth.js';
import type { DatabaseRegistry } from './database-registry.js';
import { handleDatabaseRequest } from './database-routes.js';
import { handleDocumentRequest, queryDocuments } from './document-routes.js';
import { readBody, sendEmpty, sendJson, sendText } from './http-io.js';
import type { RequestLog } from './request-log.js';
import type { RouteRequest, RouteResponse } from './route-types.js';
import { handleWoqlRequest } from './woql-routes.js';

export interface RouterContext {
  readonly registry: DatabaseRegistry;
  readonly log: RequestLog;
  readonly user: string;
  readonly password: string;
}

type Handler = (
  registry: DatabaseRegistry,
  segments: readonly string[],
  request: RouteRequest,
) => Promise<RouteResponse>;

interface Route {
  readonly handler: Handler;
  /** The outer `@type` of this route's error bodies. */
  readonly errorType: string;
}

/** Dispatches `/api/...` requests to their routes and writes errors in the server's shape. */
export function createRequestListener(context: RouterContext): RequestListener {
  return (incoming, response) => {
    handle(context, incoming, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, {
          '@type': 'api:ErrorResponse',
          'api:status': 'api:server_error',
          'api:message': `TerminusDB emulator internal error: ${String(error)}`,
          'api:request_id': requestId(),
        });
      } else response.end();
    });
  };
}

async function handle(
  context: RouterContext,
  incoming: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = incoming.method ?? 'GET';
  const rawUrl = incoming.url ?? '/';
  context.log.record(method, rawUrl);
  const url = new URL(rawUrl, 'http://emulator.invalid');
  const request: RouteRequest = {
    method,
    search: url.searchParams,
    header: (name) => {
      const value = incoming.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    body: () => readBody(incoming),
  };
  let errorType = 'api:ErrorResponse';
  try {
    const segments = pathSegments(url.pathname);
    if (segments[0] !== 'api') throw apiErrors.routeNotFound(method, url.pathname);
    const [, area = '', ...rest] = segments;
    if (area === 'ok') {
      sendText(response, 200, '', 'application/octets');
      return;
    }
    if (!hasValidBasicAuth(request.header('authorization'), context.user, context.password)) {
      throw apiErrors.incorrectAuthentication();
    }
    if (area === 'info' && rest.length === 0 && method === 'GET') {
      sendJson(response, 200, infoResponse(context.user));
      return;
    }
    const route = routeFor(area, method, request.header('x-http-method-override'));
    if (route === undefined) throw apiErrors.routeNotFound(method, url.pathname);
    errorType = route.errorType;
    write(response, method, await route.handler(context.registry, rest, request));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (method === 'HEAD') sendEmpty(response, error.httpStatus);
    else sendJson(response, error.httpStatus, error.toBody(errorType));
  }
}

function routeFor(area: string, method: string, override: string | undefined): Route | undefined {
  switch (area) {
    case 'db':
      return {
        handler: handleDatabaseRequest,
        errorType:
          method === 'POST'
            ? 'api:DbCreateErrorResponse'
            : method === 'DELETE'
              ? 'api:DbDeleteErrorResponse'
              : 'api:DbExistsErrorResponse',
      };
    case 'document':
      if (method === 'POST' && override?.toUpperCase() === 'GET') {
        return { handler: queryDocuments, errorType: 'api:GetDocumentErrorResponse' };
      }
      return {
        handler: handleDocumentRequest,
        errorType:
          method === 'POST'
            ? 'api:InsertDocumentErrorResponse'
            : method === 'PUT'
              ? 'api:ReplaceDocumentErrorResponse'
              : method === 'DELETE'
                ? 'api:DeleteDocumentErrorResponse'
                : 'api:GetDocumentErrorResponse',
      };
    case 'woql':
      return { handler: handleWoqlRequest, errorType: 'api:WoqlErrorResponse' };
    default:
      return undefined;
  }
}

function pathSegments(pathname: string): string[] {
  try {
    return pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw apiErrors.badDescriptorPath(pathname);
  }
}

function write(response: ServerResponse, method: string, result: RouteResponse): void {
  if (result.kind === 'empty' || method === 'HEAD') sendEmpty(response, result.status, result.headers);
  else if (result.kind === 'text')
    sendText(response, result.status, result.body, result.contentType, result.headers);
  else sendJson(response, result.status, result.body, result.headers);
}

function infoResponse(user: string) {
  return {
    '@type': 'api:InfoResponse',
    'api:info': {
      authority: user,
      storage: { version: '2' },
      terminusdb: { git_hash: 'emulator', version: '12.0.6' },
      terminusdb_store: { version: 'emulator' },
      emulator: '@sqh/terminusdb-emulator: an in-process emulator for tests and demos, not TerminusDB',
    },
    'api:status': 'api:success',
  };
}
