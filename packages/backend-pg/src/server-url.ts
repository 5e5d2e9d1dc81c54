import { ConfigurationError } from '@sqh/core/spi';

const DEFAULT_ADMIN_DATABASE = 'postgres';
const DEFAULT_PORT = '5432';

/** A PostgreSQL server, from a connection URL whose database is the one used for CREATE DATABASE. */
export interface ServerAddress {
  /** The URL as given (kept private to connections: it can carry a password). */
  readonly url: URL;
  /** `host:port`, safe to print. */
  readonly label: string;
  /** Database to connect to for maintenance (CREATE DATABASE). */
  readonly adminDatabase: string;
}

export function parseServerUrl(url: string, source: string): ServerAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(
      `${source} is not a valid URL; expected postgres://user:password@host:port/database.`,
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigurationError(
      `${source} must be a postgres:// or postgresql:// URL, got ${parsed.protocol}//…`,
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    url: parsed,
    label: `${parsed.hostname || 'localhost'}:${parsed.port || DEFAULT_PORT}`,
    adminDatabase: database || DEFAULT_ADMIN_DATABASE,
  };
}

/** The connection URL of `database` on `server`. */
export function databaseUrl(server: ServerAddress, database: string): string {
  const url = new URL(server.url);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
