import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type PostgresServer, startEmbeddedPostgres } from '../src/index.js';

const started: PostgresServer[] = [];
const directories: string[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
  await Promise.all(directories.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function start(options?: Parameters<typeof startEmbeddedPostgres>[0]): Promise<PostgresServer> {
  const server = await startEmbeddedPostgres(options);
  started.push(server);
  return server;
}

async function scratchDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sqh-postgres-server-test-'));
  // As root the server runs as `postgres`, which must be able to reach the data directory.
  await chmod(dir, 0o755);
  directories.push(dir);
  return join(dir, 'data');
}

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  it('starts a real PostgreSQL that answers select 1', async () => {
    const server = await start();

    expect(server.source).toBe('embedded');
    expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('creates UTF-8 databases whose lower() folds non-ASCII letters', async () => {
    const server = await start();

    const [row] = await query<{ folded: boolean }>(server.url, `SELECT lower('ÉCOLE') = 'école' AS folded`);

    expect(row?.folded).toBe(true);
  });

  it('reuses the data directory on a second start', async () => {
    const dataDir = await scratchDirectory();
    const first = await start({ dataDir });
    await query(first.url, 'CREATE DATABASE kept_between_starts');
    await first.stop();

    const second = await start({ dataDir });

    const rows = await query(
      second.url,
      `SELECT datname FROM pg_database WHERE datname = 'kept_between_starts'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('re-initialises a data directory that an interrupted initdb left behind', async () => {
    const dataDir = await scratchDirectory();
    await start({ dataDir }).then((server) => server.stop());
    await rm(join(dataDir, 'sqh-embedded.json'));

    const server = await start({ dataDir });

    expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('refuses a non-empty directory that is not a PostgreSQL data directory', async () => {
    const dataDir = await scratchDirectory();
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'notes.txt'), 'not a database');

    await expect(start({ dataDir })).rejects.toThrow(/not empty and holds no PostgreSQL files/);
    expect(await readdir(dataDir)).toEqual(['notes.txt']);
  });
});
