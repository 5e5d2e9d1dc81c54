import { type RunningEmulator, startEmulator } from './emulator-server.js';

/** The TerminusDB that tests, benchmarks and the demo talk to, and how to sign in to it. */
export interface TerminusTarget {
  readonly url: string;
  readonly user: string;
  /** The password or API key. */
  readonly key: string;
  readonly organization: string;
  /** The in-process emulator serving instead of a real server (no TERMINUSDB_URL); else undefined. */
  readonly emulator: RunningEmulator | undefined;
  /** One line for people: which server it is and why. */
  readonly description: string;
  /** Closes the emulator if one was started; a real server is left alone. */
  stop(): Promise<void>;
}

/**
 * The real TerminusDB at TERMINUSDB_URL (signing in with TERMINUSDB_USER, TERMINUSDB_KEY or
 * TERMINUSDB_PASSWORD, and TERMINUSDB_ORG; admin, root and admin by default), else this
 * emulator on a free port. One reading of the variables for every caller, so a run against a
 * real server means the same thing in every package.
 */
export async function resolveTerminus(): Promise<TerminusTarget> {
  const url = process.env.TERMINUSDB_URL?.trim();
  if (url) {
    return {
      url,
      user: process.env.TERMINUSDB_USER ?? 'admin',
      key: process.env.TERMINUSDB_KEY ?? process.env.TERMINUSDB_PASSWORD ?? 'root',
      organization: process.env.TERMINUSDB_ORG ?? 'admin',
      emulator: undefined,
      description: `TerminusDB server at ${url} (from TERMINUSDB_URL)`,
      stop: async () => {},
    };
  }
  const emulator = await startEmulator({ port: 0 });
  return {
    url: emulator.url,
    user: 'admin',
    key: 'root',
    organization: 'admin',
    emulator,
    description: `the in-process TerminusDB emulator at ${emulator.url} — test/demo tooling, not TerminusDB (set TERMINUSDB_URL for a real server)`,
    stop: () => emulator.close(),
  };
}
