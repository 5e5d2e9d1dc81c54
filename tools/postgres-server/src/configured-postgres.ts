import pg from 'pg';
import { PG_URL_VARIABLE, type PostgresServer } from './postgres-server.js';
import { redactPassword } from './redact-password.js';

const CONNECT_TIMEOUT_MILLIS = 5_000;

/** The server named by SQH_PG_URL, after checking that it answers. */
export async function useConfiguredPostgres(url: string): Promise<PostgresServer> {
  await assertReachable(url);
  return { url, source: 'env', stop: async () => {} };
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MILLIS });
  // Failures surface through connect() and query(); the listener only keeps a late socket error from crashing.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `${PG_URL_VARIABLE} is set to ${redactPassword(url)}, but that PostgreSQL cannot be used: ${reason(error, url)}. ` +
        `Start that server or correct ${PG_URL_VARIABLE}; unset ${PG_URL_VARIABLE} to let sqh start an embedded PostgreSQL instead.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function reason(error: unknown, url: string): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // An unparseable URL has no password we could recognise.
  }
  return password === '' ? text : text.split(password).join('***');
}
