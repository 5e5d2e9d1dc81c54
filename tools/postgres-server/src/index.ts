export { describePostgres } from './describe-postgres.js';
export { type EmbeddedPostgresOptions, PG_URL_VARIABLE, type PostgresServer } from './postgres-server.js';
export { redactPassword } from './redact-password.js';
export { resolvePostgres } from './resolve-postgres.js';
export { startEmbeddedPostgres } from './start-embedded-postgres.js';
