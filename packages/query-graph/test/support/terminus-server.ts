import type { TerminusBackendOptions } from '@sqh/backend-terminus';
import { type RunningEmulator, resolveTerminus, type TerminusTarget } from '@sqh/terminusdb-emulator';
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
  let terminus: TerminusTarget | undefined;
  beforeAll(async () => {
    let count = 0;
    let bodies: unknown[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      count++;
      if (String(input).includes('/api/woql/') && typeof init?.body === 'string')
        bodies.push(JSON.parse(init.body));
      return globalThis.fetch(input, init);
    };
    terminus = await resolveTerminus();
    const { url, user, key, organization, emulator } = terminus;
    server = {
      emulator,
      options: { url, user, key, organization, fetch },
      requests: () => count,
      woqlBodies: () => bodies,
      resetRequests: () => {
        count = 0;
        bodies = [];
      },
    };
  }, 60_000);
  afterAll(async () => {
    await terminus?.stop();
  });
  return () => {
    if (!server) throw new Error('The TerminusDB server is only available inside tests.');
    return server;
  };
}
