import type { TerminusBackendOptions } from '@sqh/backend-terminus';
import { type RunningEmulator, startEmulator } from '@sqh/terminusdb-emulator';
import { afterAll, beforeAll } from 'vitest';

export interface TerminusServer {
  /** Backend options whose fetch counts requests. */
  readonly options: TerminusBackendOptions;
  readonly emulator: RunningEmulator | undefined;
  /** HTTP requests sent since the last reset (counted client-side, so real servers count too). */
  requests(): number;
  /** The WOQL bodies sent since the last reset. */
  woqlBodies(): unknown[];
  resetRequests(): void;
}

/**
 * The TerminusDB a test file talks to: the real server named by TERMINUSDB_URL (with
 * TERMINUSDB_USER, TERMINUSDB_KEY or TERMINUSDB_PASSWORD, TERMINUSDB_ORG), else an emulator
 * started for this file. Every request goes through a counting fetch.
 */
export function useTerminusServer(): () => TerminusServer {
  let server: TerminusServer | undefined;
  beforeAll(async () => {
    let count = 0;
    let bodies: unknown[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      count++;
      if (String(input).includes('/api/woql/') && typeof init?.body === 'string')
        bodies.push(JSON.parse(init.body));
      return globalThis.fetch(input, init);
    };
    const url = process.env.TERMINUSDB_URL;
    const emulator = url ? undefined : await startEmulator({ port: 0 });
    server = {
      emulator,
      options: {
        url: url ?? (emulator as RunningEmulator).url,
        user: url ? (process.env.TERMINUSDB_USER ?? 'admin') : 'admin',
        key: url ? (process.env.TERMINUSDB_KEY ?? process.env.TERMINUSDB_PASSWORD ?? 'root') : 'root',
        organization: url ? (process.env.TERMINUSDB_ORG ?? 'admin') : 'admin',
        fetch,
      },
      requests: () => count,
      woqlBodies: () => bodies,
      resetRequests: () => {
        count = 0;
        bodies = [];
      },
    };
  }, 60_000);
  afterAll(async () => {
    await server?.emulator?.close();
  });
  return () => {
    if (!server) throw new Error('The TerminusDB server is only available inside tests.');
    return server;
  };
}
