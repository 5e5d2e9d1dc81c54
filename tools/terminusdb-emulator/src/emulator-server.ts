import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabaseRegistry } from './database-registry.js';
import { createRequestListener } from './http-router.js';
import { RequestLog, type RequestRecord } from './request-log.js';

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Basic-auth user; default `admin`. */
  readonly user?: string;
  /** Basic-auth password; default `root`. */
  readonly password?: string;
}

export interface RunningEmulator {
  /** Base URL to give the TerminusDB client, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request received so far, oldest first (a snapshot). */
  readonly requests: readonly RequestRecord[];
  /** How many HTTP requests the emulator has received. */
  requestCount(): number;
  /** Forgets the recorded requests, e.g. before measuring one operation. */
  resetRequests(): void;
  /** Stops listening and drops all state. */
  close(): Promise<void>;
}

/** Starts an in-memory emulator of the TerminusDB HTTP API. It is test tooling, not TerminusDB. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const log = new RequestLog();
  const server = createServer(
    createRequestListener({
      registry: new DatabaseRegistry(),
      log,
      user: options.user ?? 'admin',
      password: options.password ?? 'root',
    }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    get requests() {
      return log.all();
    },
    requestCount: () => log.count(),
    resetRequests: () => log.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
