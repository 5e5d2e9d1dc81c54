import { parseExactJson } from './exact-json.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { TerminusApiError, TerminusProtocolError, TerminusUnreachableError } from './terminus-api-error.js';

export interface TerminusHttpClientOptions {
  /** Server root, e.g. `http://localhost:6363` (a trailing `/api` is accepted). */
  readonly url: string;
  readonly user: string;
  /** The user's password or API key (sent as HTTP Basic credentials). */
  readonly key: string;
  /** A request not answered after this long is aborted; 60 s by default. */
  readonly requestTimeoutMs?: number;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof globalThis.fetch;
}

/** One database branch: `ORG/DB` (the `main` branch of the local repository). */
export interface TerminusResource {
  readonly organization: string;
  readonly database: string;
}

/** Every write becomes a commit with this author and message. */
export interface CommitInfo {
  readonly author: string;
  readonly message: string;
}

export type GraphType = 'instance' | 'schema';

/** A response value with the branch's data version (`branch:<id>`) at the time it was read. */
export interface Versioned<T> {
  readonly value: T;
  readonly dataVersion: string | undefined;
}

export interface WoqlResult {
  readonly bindings: readonly Readonly<Record<string, JsonValue>>[];
  readonly inserts: number;
  readonly deletes: number;
}

interface RequestSpec {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  readonly path: readonly string[];
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

interface RawResponse {
  readonly status: number;
  readonly body: JsonValue | undefined;
  readonly dataVersion: string | undefined;
}

const DATA_VERSION_HEADER = 'TerminusDB-Data-Version';

/**
 * A small, stateless client for the TerminusDB HTTP API. Unlike the `terminusdb`
 * npm client it keeps no current database, branch or data-version header: every
 * call names its resource and passes its own headers, so one instance is safe to
 * share between concurrent operations on different tenants. It never mutates
 * what it is given.
 */
export class TerminusHttpClient {
  readonly origin: string;
  private readonly apiRoot: string;
  private readonly authorization: string;
  private readonly fetch: typeof globalThis.fetch;
  private readonly requestTimeoutMs: number;

  constructor(options: TerminusHttpClientOptions) {
    const root = new URL(options.url);
    this.origin = root.origin;
    this.apiRoot = `${root.origin}${root.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}/api`;
    this.authorization = `Basic ${Buffer.from(`${options.user}:${options.key}`, 'utf8').toString('base64')}`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  /** Creates a database; fails with `api:DatabaseAlreadyExists` when it exists. */
  async createDatabase(
    resource: TerminusResource,
    details: { label: string; comment: string },
    signal?: AbortSignal,
  ): Promise<void> {
    await this.send({
      method: 'POST',
      path: ['db', resource.organization, resource.database],
      body: { label: details.label, comment: details.comment, schema: true },
      signal,
    });
  }

  /** Whether the database exists (`HEAD /api/db/ORG/DB`: 200 or 404). */
  async databaseExists(resource: TerminusResource, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.send({ method: 'HEAD', path: ['db', resource.organization, resource.database], signal });
      return true;
    } catch (error) {
      if (error instanceof TerminusApiError && error.status === 404) return false;
      throw error;
    }
  }

  async deleteDatabase(resource: TerminusResource, signal?: AbortSignal): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: ['db', resource.organization, resource.database],
      query: { force: true },
      signal,
    });
  }

  /** One document by id; fails with `api:DocumentNotFound` (HTTP 404) when it is missing. */
  async getDocument(
    resource: TerminusResource,
    id: string,
    options: { graphType?: GraphType; signal?: AbortSignal } = {},
  ): Promise<Versioned<JsonObject>> {
    const response = await this.send({
      method: 'GET',
      path: documentPath(resource),
      query: { id, graph_type: options.graphType ?? 'instance' },
      signal: options.signal,
    });
    return { value: expectObject(response.body), dataVersion: response.dataVersion };
  }

  /** Every document of a graph (schema documents include the `@context`). */
  async getAllDocuments(
    resource: TerminusResource,
    options: { graphType?: GraphType; signal?: AbortSignal } = {},
  ): Promise<Versioned<JsonObject[]>> {
    const response = await this.send({
      method: 'GET',
      path: documentPath(resource),
      query: { graph_type: options.graphType ?? 'instance', as_list: true },
      signal: options.signal,
    });
    return { value: expectObjectList(response.body), dataVersion: response.dataVersion };
  }

  /** Query by template: documents of `type` matching `query`. */
  async queryDocuments(
    resource: TerminusResource,
    request: { type: string; query: JsonObject; skip?: number; count?: number },
    signal?: AbortSignal,
  ): Promise<Versioned<JsonObject[]>> {
    const response = await this.send({
      method: 'POST',
      path: documentPath(resource),
      headers: { 'X-HTTP-Method-Override': 'GET' },
      body: {
        type: request.type,
        query: request.query,
        as_list: true,
        ...(request.skip === undefined ? {} : { skip: request.skip }),
        ...(request.count === undefined ? {} : { count: request.count }),
      },
      signal,
    });
    return { value: expectObjectList(response.body), dataVersion: response.dataVersion };
  }

  /** Inserts documents in one commit; returns their ids (full IRIs for instance documents). */
  async insertDocuments(
    resource: TerminusResource,
    documents: readonly JsonObject[],
    options: { commit: CommitInfo; graphType?: GraphType; signal?: AbortSignal },
  ): Promise<string[]> {
    const response = await this.send({
      method: 'POST',
      path: documentPath(resource),
      query: { ...commitQuery(options.commit), graph_type: options.graphType ?? 'instance' },
      body: documents,
      signal: options.signal,
    });
    return expectStringList(response.body);
  }

  /**
   * Replaces documents in one commit. With `dataVersion` the write fails with
   * `api:DataVersionMismatch` if the branch moved since that version was read.
   */
  async replaceDocuments(
    resource: TerminusResource,
    documents: readonly JsonObject[],
    options: {
      commit: CommitInfo;
      graphType?: GraphType;
      create?: boolean;
      dataVersion?: string;
      signal?: AbortSignal;
    },
  ): Promise<Versioned<string[]>> {
    const response = await this.send({
      method: 'PUT',
      path: documentPath(resource),
      query: {
        ...commitQuery(options.commit),
        graph_type: options.graphType ?? 'instance',
        create: options.create,
      },
      headers: options.dataVersion === undefined ? {} : { [DATA_VERSION_HEADER]: options.dataVersion },
      body: documents,
      signal: options.signal,
    });
    return { value: expectStringList(response.body), dataVersion: response.dataVersion };
  }

  /** Deletes one document; fails with `api:DocumentNotFound` when it is missing. */
  async deleteDocument(
    resource: TerminusResource,
    id: string,
    options: { commit: CommitInfo; signal?: AbortSignal },
  ): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: documentPath(resource),
      query: { ...commitQuery(options.commit), id },
      signal: options.signal,
    });
  }

  /** Runs a WOQL query (JSON-LD); `commit` is required when the query writes. */
  async woql(
    resource: TerminusResource,
    query: JsonObject,
    options: { commit?: CommitInfo; signal?: AbortSignal } = {},
  ): Promise<Versioned<WoqlResult>> {
    const response = await this.send({
      method: 'POST',
      path: ['woql', resource.organization, resource.database],
      body: { query, ...(options.commit ? { commit_info: { ...options.commit } } : {}) },
      signal: options.signal,
    });
    const body = expectObject(response.body);
    const bindings = Array.isArray(body.bindings) ? body.bindings.filter(isJsonObject) : [];
    return {
      value: { bindings, inserts: numberOr(body.inserts, 0), deletes: numberOr(body.deletes, 0) },
      dataVersion: response.dataVersion,
    };
  }

  private async send(spec: RequestSpec): Promise<RawResponse> {
    const url = new URL(`${this.apiRoot}/${spec.path.map(encodeURIComponent).join('/')}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { Authorization: this.authorization, ...spec.headers };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    // Every request ends: by the caller's signal, or by this client's own timeout (shared work has no caller).
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const unanswered = (error: unknown): Error =>
      new TerminusUnreachableError(this.origin, `no answer within ${this.requestTimeoutMs} ms`, {
        cause: error,
      });
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, {
        method: spec.method,
        headers,
        ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (spec.signal?.aborted) throw error;
      if (timeout.aborted) throw unanswered(error);
      throw new TerminusUnreachableError(this.origin, networkReason(error), { cause: error });
    }
    const body = parseBody(text);
    if (!response.ok) throw new TerminusApiError(response.status, body);
    return {
      status: response.status,
      body,
      dataVersion: response.headers.get(DATA_VERSION_HEADER) ?? undefined,
    };
  }
}

function documentPath(resource: TerminusResource): string[] {
  return ['document', resource.organization, resource.database];
}

function commitQuery(commit: CommitInfo): Record<string, string> {
  return { author: commit.author, message: commit.message };
}

function parseBody(text: string): JsonValue | undefined {
  if (text.trim() === '') return undefined;
  try {
    return parseExactJson(text) as JsonValue;
  } catch {
    return text;
  }
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : 'unknown network error';
}

function expectObject(body: JsonValue | undefined): JsonObject {
  if (!isJsonObject(body)) throw new TerminusProtocolError('a JSON object');
  return body;
}

function expectObjectList(body: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(body)) throw new TerminusProtocolError('a JSON array of documents');
  return body.filter(isJsonObject);
}

function expectStringList(body: JsonValue | undefined): string[] {
  if (!Array.isArray(body)) throw new TerminusProtocolError('a JSON array of ids');
  return body.filter((item): item is string => typeof item === 'string');
}

function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
