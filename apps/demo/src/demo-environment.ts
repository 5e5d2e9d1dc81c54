import { describePostgres, type PostgresServer, resolvePostgres } from '@sqh/postgres-server';
import { type RunningEmulator, startEmulator } from '@sqh/terminusdb-emulator';

export interface TerminusTarget {
  readonly url: string;
  readonly user: string;
  readonly key: string;
  readonly description: string;
  readonly emulator?: RunningEmulator;
}

export interface DemoEnvironment {
  readonly postgres: PostgresServer;
  readonly postgresDescription: string;
  readonly terminus: TerminusTarget;
  stop(): Promise<void>;
}

/** PostgreSQL from SQH_PG_URL or embedded; TerminusDB from TERMINUSDB_URL or the emulator. */
export async function prepareEnvironment(): Promise<DemoEnvironment> {
  const postgres = await resolvePostgres();
  const postgresDescription = await describePostgres(postgres);
  const terminus = await resolveTerminus();
  return {
    postgres,
    postgresDescription,
    terminus,
    async stop() {
      await terminus.emulator?.close();
      await postgres.stop();
    },
  };
}

async function resolveTerminus(): Promise<TerminusTarget> {
  const url = process.env.TERMINUSDB_URL?.trim();
  if (url) {
    return {
      url,
      user: process.env.TERMINUSDB_USER ?? 'admin',
      key: process.env.TERMINUSDB_PASSWORD ?? process.env.TERMINUSDB_KEY ?? 'root',
      description: `TerminusDB server at ${url} (from TERMINUSDB_URL)`,
    };
  }
  const emulator = await startEmulator({ port: 0 });
  return {
    url: emulator.url,
    user: 'admin',
    key: 'root',
    emulator,
    description: `the in-process TerminusDB emulator at ${emulator.url} — test/demo tooling, not TerminusDB (set TERMINUSDB_URL for a real server)`,
  };
}
