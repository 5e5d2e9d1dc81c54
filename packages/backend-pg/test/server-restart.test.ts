import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendUnavailableError } from '@sqh/core';
import { type PostgresServer, startEmbeddedPostgres } from '@sqh/postgres-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TenantDatabaseManager } from '../src/tenant-database-manager.js';

/** An embedded server this file owns, so stopping it disturbs no other test. */
class RestartableServer {
  #server: PostgresServer | undefined;
  #directory = '';
  #port = 0;

  async start(): Promise<void> {
    this.#directory = await mkdtemp(join(tmpdir(), 'sqh-restart-test-'));
    // As root the server runs as `postgres`, which must reach the data directory.
    await chmod(this.#directory, 0o755);
    this.#server = await startEmbeddedPostgres({ dataDir: join(this.#directory, 'data') });
    this.#port = Number(new URL(this.#server.url).port);
  }

  get url(): string {
    return this.#server!.url;
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
  }

  /** Same data directory, same port: the manager's URL stays valid. */
  async startAgain(): Promise<void> {
    this.#server = await startEmbeddedPostgres({ dataDir: join(this.#directory, 'data'), port: this.#port });
  }

  async remove(): Promise<void> {
    await this.stop();
    await rm(this.#directory, { recursive: true, force: true });
  }
}

let server: RestartableServer;
let manager: TenantDatabaseManager;

beforeEach(async () => {
  server = new RestartableServer();
  await server.start();
  manager = new TenantDatabaseManager({ url: server.url, connectionBudget: 5, maxConnectionsPerDatabase: 3 });
});

afterEach(async () => {
  await manager.close();
  await server.remove();
});

/** Leaves `count` idle connections in the engine's pool. */
async function warmUp(engine: { query: (text: string) => Promise<unknown> }, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => engine.query('SELECT pg_sleep(0.01)')));
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('a server restart', () => {
  it('turns calls made while the server is down into BackendUnavailableError', async () => {
    const engine = await manager.getEngine('clinic');
    await warmUp(engine, 3);

    await server.stop();

    const error = await failureOf(engine.query('SELECT 1'));
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('says what to do next, without credentials or SQL', async () => {
    const engine = await manager.getEngine('clinic');
    await server.stop();

    const error = await failureOf(engine.query('SELECT 4711 AS secret_marker'));

    const message = (error as Error).message;
    const password = decodeURIComponent(new URL(server.url).password);
    expect(message).toMatch(/Check that the server is running/);
    expect(message).not.toContain(password);
    expect(message).not.toMatch(/4711|secret_marker|SELECT/);
  });

  it('reports a new tenant database that cannot be created while the server is down as unavailable', async () => {
    await server.stop();

    await expect(manager.getEngine('newcomer')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('serves the next call once the server is back, on the same engine, without reusing dead connections', async () => {
    const engine = await manager.getEngine('clinic');
    await warmUp(engine, 3);
    await server.stop();

    await server.startAgain();
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => engine.query<{ answer: number }>('SELECT 42 AS answer')),
    );

    expect(answers.map((answer) => answer.rows[0]?.answer)).toStrictEqual([42, 42, 42]);
    expect(await manager.getEngine('clinic')).toBe(engine);
  });

  it('recovers after calls have failed during the outage', async () => {
    const engine = await manager.getEngine('clinic');
    await server.stop();
    await failureOf(engine.query('SELECT 1'));
    await failureOf(manager.getEngine('newcomer'));

    await server.startAgain();

    await expect(engine.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    const newcomer = await manager.getEngine('newcomer');
    expect(newcomer.database).toBe(manager.databaseName('newcomer'));
    expect((await newcomer.query<{ one: number }>('SELECT 1 AS one')).rows).toStrictEqual([{ one: 1 }]);
  });
});
