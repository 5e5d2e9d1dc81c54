import { randomBytes } from 'node:crypto';
import { WOQLClient } from 'terminusdb';
import { startEmulator } from '../../src/index.js';

/** The server a test file talks to: the emulator, or a real TerminusDB when TERMINUSDB_URL is set. */
export interface TestServer {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly isEmulator: boolean;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const realUrl = process.env.TERMINUSDB_URL;
  if (realUrl !== undefined && realUrl !== '') {
    return {
      url: realUrl.replace(/\/$/, ''),
      user: process.env.TERMINUSDB_USER ?? 'admin',
      password: process.env.TERMINUSDB_PASSWORD ?? 'root',
      isEmulator: false,
      close: async () => {},
    };
  }
  const emulator = await startEmulator();
  return {
    url: emulator.url,
    user: 'admin',
    password: 'root',
    isEmulator: true,
    close: () => emulator.close(),
  };
}

/** A database name no other test file (or earlier run against a real server) uses. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function clientFor(server: TestServer, database?: string): WOQLClient {
  const client = new WOQLClient(server.url, {
    user: server.user,
    key: server.password,
    organization: 'admin',
  });
  if (database !== undefined) client.db(database);
  return client;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json(): unknown;
}

/** A plain HTTP call, for requests the client cannot express. */
export async function rawRequest(
  server: TestServer,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; password?: string } = {},
): Promise<RawResponse> {
  const credentials = Buffer.from(`${server.user}:${options.password ?? server.password}`).toString('base64');
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${credentials}`,
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...options.headers,
    },
    body: options.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

/** The HTTP status and JSON body a client call was rejected with. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ status: number; data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const { status, data } = error as { status?: number; data?: Record<string, unknown> };
    if (status === undefined) throw error;
    return { status, data: data ?? {} };
  }
  throw new Error('Expected the call to be rejected, but it succeeded');
}

/** `api:error`'s `@type` from an error body. */
export function errorType(data: Record<string, unknown>): unknown {
  return (data['api:error'] as Record<string, unknown> | undefined)?.['@type'];
}
