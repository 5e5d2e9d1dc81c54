import pg from 'pg';
import { PG_URL_VARIABLE, type PostgresServer } from './postgres-server.js';
import { redactPassword } from './redact-password.js';

/**
 * One line saying which PostgreSQL is in use and whether PostGIS can be installed
 * on it, e.g. "embedded PostgreSQL 18.4 at port 41234; PostGIS: not available".
 */
export async function describePostgres(server: PostgresServer): Promise<string> {
  const client = new pg.Client({ connectionString: server.url });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; postgis: boolean }>(
      `SELECT current_setting('server_version') AS version,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') AS postgis`,
    );
    const version = rows[0]?.version ?? 'unknown version';
    const postgis = rows[0]?.postgis ? 'available' : 'not available';
    const where =
      server.source === 'embedded'
        ? `embedded PostgreSQL ${version} at port ${new URL(server.url).port} (set ${PG_URL_VARIABLE} to use another server)`
        : `PostgreSQL ${version} at ${redactPassword(server.url)} (from ${PG_URL_VARIABLE})`;
    return `${where}; PostGIS: ${postgis}`;
  } finally {
    await client.end();
  }
}
