// tsc (7) only accepts the ProvidedContext augmentation below when 'vitest' itself is imported.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { describePostgres } from './describe-postgres.js';
import type { PostgresServer } from './postgres-server.js';
import { resolvePostgres } from './resolve-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the PostgreSQL this test run uses: SQH_PG_URL, or an embedded server. */
    pgUrl: string;
  }
}

/**
 * vitest loads a project's globalSetup once per project, all in the main process.
 * Keeping the server on globalThis lets every project of one run share one server
 * (and print one line); the last project to tear down stops it.
 */
interface SharedServer {
  readonly server: Promise<PostgresServer>;
  users: number;
}

const SHARED_KEY = Symbol.for('@sqh/postgres-server/vitest-global-setup');
const scope = globalThis as typeof globalThis & { [SHARED_KEY]?: SharedServer };

/** vitest `globalSetup`: resolves the PostgreSQL for the run and provides its URL as `inject('pgUrl')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  scope[SHARED_KEY] ??= { server: startAndAnnounce(), users: 0 };
  const shared = scope[SHARED_KEY];
  shared.users++;
  let server: PostgresServer;
  try {
    server = await shared.server;
  } catch (error) {
    if (--shared.users === 0) delete scope[SHARED_KEY];
    throw error;
  }
  project.provide('pgUrl', server.url);
  return async () => {
    if (--shared.users > 0) return;
    delete scope[SHARED_KEY];
    await server.stop();
  };
}

async function startAndAnnounce(): Promise<PostgresServer> {
  const server = await resolvePostgres();
  try {
    console.log(`[sqh] tests use ${await describePostgres(server)}`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
