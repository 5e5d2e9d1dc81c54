import { type ChildProcess, spawn } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostgresBinaries } from './postgres-binaries.js';
import type { SystemUser } from './postgres-system-user.js';

/** What initdb and the server are started with. */
export interface ClusterSpec {
  readonly binaries: PostgresBinaries;
  /** The account the programs run as (root starts them as `postgres`); undefined: the current user. */
  readonly user: SystemUser | undefined;
  readonly dataDir: string;
  readonly superuser: string;
  readonly password: string;
  readonly initdbFlags: readonly string[];
  readonly settings: Readonly<Record<string, string>>;
  /** Receives every line the programs print. */
  readonly log: (line: string) => void;
}

/** A running server: `stop()` shuts it down and waits for it to exit. */
export interface RunningCluster {
  readonly pid: number;
  stop(): Promise<void>;
}

const READY_MESSAGE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** Plain English server messages whatever the host's locale, so READY_MESSAGE can be recognised. */
const PROGRAM_ENV = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
const WATCHDOG = fileURLToPath(new URL('../bin/postgres-watchdog.mjs', import.meta.url));

/** Runs initdb on an empty (or missing) data directory. */
export async function initialiseCluster(spec: ClusterSpec): Promise<void> {
  const passwordDir = await mkdtemp(join(tmpdir(), 'sqh-pg-init-'));
  const passwordFile = join(passwordDir, 'password');
  try {
    await writeFile(passwordFile, `${spec.password}\n`, { mode: 0o600 });
    if (spec.user !== undefined) {
      await chown(passwordDir, spec.user.uid, spec.user.gid);
      await chown(passwordFile, spec.user.uid, spec.user.gid);
    }
    const args = [
      `--pgdata=${spec.dataDir}`,
      '--auth=scram-sha-256',
      `--username=${spec.superuser}`,
      `--pwfile=${passwordFile}`,
      ...spec.initdbFlags,
    ];
    const initdb = spawn(spec.binaries.initdb, args, {
      ...spec.user,
      env: PROGRAM_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    forwardOutput(initdb, spec.log);
    const code = await new Promise<number | null>((resolve, reject) => {
      initdb.once('error', reject);
      initdb.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb exited with code ${code}`);
  } finally {
    await rm(passwordDir, { recursive: true, force: true });
  }
}

/**
 * Starts the server and a watchdog process that stops it (and deletes `temporaryDir`)
 * if this process ends without stopping it. Resolves once the server accepts connections.
 */
export async function startCluster(
  spec: ClusterSpec,
  port: number,
  temporaryDir?: string,
): Promise<RunningCluster> {
  const settings = Object.entries({ ...spec.settings, port: String(port) }).flatMap(([name, value]) => [
    '-c',
    `${name}=${value}`,
  ]);
  const server = spawn(spec.binaries.postgres, ['-D', spec.dataDir, ...settings], {
    ...spec.user,
    env: PROGRAM_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forwardOutput(server, spec.log);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    await waitUntilReady(server);
  } catch (error) {
    server.kill('SIGKILL');
    await exited;
    throw error;
  }
  const pid = server.pid as number;
  const watchdog = spawn(process.execPath, [WATCHDOG, String(pid), ...(temporaryDir ? [temporaryDir] : [])], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // Neither child may keep this process alive: the watchdog stops the server if we exit first.
  for (const child of [server, watchdog]) {
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) unrefStream(stream);
  }
  let stopping: Promise<void> | undefined;
  return {
    pid,
    stop() {
      stopping ??= (async () => {
        // Waiting for the children to exit must keep this process alive.
        server.ref();
        watchdog.ref();
        if (server.exitCode === null && server.signalCode === null) {
          server.kill('SIGINT');
          const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        if (temporaryDir) await rm(temporaryDir, { recursive: true, force: true });
        const watchdogGone = new Promise<void>((resolve) => {
          if (watchdog.exitCode !== null || watchdog.signalCode !== null) resolve();
          else watchdog.once('exit', () => resolve());
        });
        watchdog.stdin?.end();
        await watchdogGone;
      })();
      return stopping;
    },
  };
}

function waitUntilReady(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    const settle = (error?: Error) => {
      clearTimeout(timer);
      server.stderr?.off('data', onData);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      if (chunk.toString('utf8').includes(READY_MESSAGE)) settle();
    };
    server.stderr?.on('data', onData);
    server.once('error', (error) => settle(error));
    server.once('exit', (code, signal) =>
      settle(new Error(`PostgreSQL exited during start-up (${signal ?? `code ${code}`})`)),
    );
  });
}

function forwardOutput(child: ChildProcess, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split(/\r?\n/)) if (line.trim() !== '') log(line);
    });
  }
}

function unrefStream(stream: unknown): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}
