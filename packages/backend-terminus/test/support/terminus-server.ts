import { type RunningEmulator, startEmulator } from '@sqh/terminusdb-emulator';
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
  beforeAll(async () => {
    const url = process.env.TERMINUSDB_URL;
    if (url) {
      server = {
        emulator: undefined,
        options: {
          url,
          user: process.env.TERMINUSDB_USER ?? 'admin',
          key: process.env.TERMINUSDB_KEY ?? process.env.TERMINUSDB_PASSWORD ?? 'root',
          organization: process.env.TERMINUSDB_ORG ?? 'admin',
        },
      };
      return;
    }
    const emulator = await startEmulator({ port: 0 });
    server = { emulator, options: { url: emulator.url, user: 'admin', key: 'root', organization: 'admin' } };
  });
  afterAll(async () => {
    await server?.emulator?.close();
  });
  return () => {
    if (!server) throw new Error('The TerminusDB server is only available inside tests.');
    return server;
  };
}

/** True when no TERMINUSDB_URL is set, i.e. the tests run against the emulator. */
export const USING_EMULATOR = !process.env.TERMINUSDB_URL;
