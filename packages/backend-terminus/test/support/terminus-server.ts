import { type RunningEmulator, resolveTerminus, type TerminusTarget } from '@sqh/terminusdb-emulator';
import { afterAll, beforeAll } from 'vitest';
import type { TerminusBackendOptions } from '../../src/index.js';

export interface TerminusServer {
  /** Backend options for this server. */
  readonly options: TerminusBackendOptions;
  /** Set when the tests run against the in-process emulator (no TERMINUSDB_URL). */
  readonly emulator: RunningEmulator | undefined;
}

/**
 * The server a test file talks to: the real TerminusDB named by TERMINUSDB_URL
 * (with TERMINUSDB_USER, TERMINUSDB_KEY or TERMINUSDB_PASSWORD, TERMINUSDB_ORG),
 * else an emulator started on a free port for this file.
 */
export function useTerminusServer(): () => TerminusServer {
  let server: TerminusServer | undefined;
  let terminus: TerminusTarget | undefined;
  beforeAll(async () => {
    terminus = await resolveTerminus();
    const { url, user, key, organization, emulator } = terminus;
    server = { emulator, options: { url, user, key, organization } };
  });
  afterAll(async () => {
    await terminus?.stop();
  });
  return () => {
    if (!server) throw new Error('The TerminusDB server is only available inside tests.');
    return server;
  };
}

/** True when no TERMINUSDB_URL is set, i.e. the tests run against the emulator. */
export const USING_EMULATOR = !process.env.TERMINUSDB_URL;
