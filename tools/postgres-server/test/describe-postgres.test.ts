import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgres, type PostgresServer, startEmbeddedPostgres } from '../src/index.js';

let embedded: PostgresServer;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres();
});

afterAll(async () => {
  await embedded.stop();
});

describe('describePostgres', () => {
  it('names an embedded server by version and port and says whether PostGIS is available', async () => {
    const port = new URL(embedded.url).port;

    const line = await describePostgres(embedded);

    expect(line).toMatch(
      new RegExp(`^embedded PostgreSQL 18\\.\\d+ at port ${port} .*; PostGIS: (not )?available$`),
    );
  });

  it('shows an SQH_PG_URL server by its URL without the password', async () => {
    const password = decodeURIComponent(new URL(embedded.url).password);

    const line = await describePostgres({ ...embedded, source: 'env' });

    expect(line).toContain('(from SQH_PG_URL)');
    expect(line).not.toContain(password);
  });
});
