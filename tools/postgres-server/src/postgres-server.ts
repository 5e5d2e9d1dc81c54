/** A PostgreSQL server that tests, benchmarks and the demo connect to. */
export interface PostgresServer {
  /** Connection URL of the server's `postgres` database (may carry a password: print it with redactPassword). */
  readonly url: string;
  /** `env`: the server named by SQH_PG_URL; `embedded`: one this process started. */
  readonly source: 'env' | 'embedded';
  /** Stops an embedded server (a no-op for an `env` server, which this process does not own). */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * Data directory to keep between starts (initialised on first use, reused afterwards).
   * Default: a fresh directory under os.tmpdir(), deleted when the server stops.
   */
  dataDir?: string;
  /** Port to listen on (127.0.0.1 only). Default: a free port. */
  port?: number;
}

/** The environment variable naming the PostgreSQL server to use instead of an embedded one. */
export const PG_URL_VARIABLE = 'SQH_PG_URL';
