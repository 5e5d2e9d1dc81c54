import { useConfiguredPostgres } from './configured-postgres.js';
import { type EmbeddedPostgresOptions, PG_URL_VARIABLE, type PostgresServer } from './postgres-server.js';
import { startEmbeddedPostgres } from './start-embedded-postgres.js';

/**
 * The PostgreSQL to use: the server in SQH_PG_URL when that is set (checked
 * reachable), otherwise a freshly started embedded PostgreSQL. `options` apply
 * to the embedded server only.
 */
export function resolvePostgres(options: EmbeddedPostgresOptions = {}): Promise<PostgresServer> {
  const url = process.env[PG_URL_VARIABLE]?.trim();
  return url ? useConfiguredPostgres(url) : startEmbeddedPostgres(options);
}
