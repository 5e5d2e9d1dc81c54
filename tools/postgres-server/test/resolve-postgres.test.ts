import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PostgresServer, resolvePostgres, startEmbeddedPostgres } from '../src/index.js';

let target: PostgresServer;

beforeAll(async () => {
  target = await startEmbeddedPostgres();
});

afterAll(async () => {
  await target.stop();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function selectOne(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one;
  } finally {
    await client.end();
  }
}

function unreachableUrl(): string {
  const url = new URL(target.url);
  url.port = '1';
  url.password = 'not-to-be-printed';
  return url.toString();
}

describe('resolvePostgres', () => {
  it('uses the server in SQH_PG_URL when it is set', async () => {
    vi.stubEnv('SQH_PG_URL', target.url);

    const server = await resolvePostgres();

    expect(server.source).toBe('env');
    expect(server.url).toBe(target.url);
    expect(await selectOne(server.url)).toBe(1);
  });

  it('leaves the SQH_PG_URL server running when stopped', async () => {
    vi.stubEnv('SQH_PG_URL', target.url);

    await (await resolvePostgres()).stop();

    expect(await selectOne(target.url)).toBe(1);
  });

  it('says what to do when the SQH_PG_URL server cannot be reached, without its password', async () => {
    vi.stubEnv('SQH_PG_URL', unreachableUrl());

    const failure = resolvePostgres().then(
      () => undefined,
      (error: unknown) => error as Error,
    );

    const error = await failure;
    expect(error?.message).toMatch(/SQH_PG_URL .* cannot be used: .*ECONNREFUSED.* unset SQH_PG_URL/);
    expect(error?.message).not.toContain('not-to-be-printed');
  });

  it('starts an embedded PostgreSQL when SQH_PG_URL is not set', async () => {
    vi.stubEnv('SQH_PG_URL', '');

    const server = await resolvePostgres();
    try {
      expect(server.source).toBe('embedded');
      expect(server.url).not.toBe(target.url);
      expect(await selectOne(server.url)).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
