import { describePostgres, type PostgresServer, resolvePostgres } from '@sqh/postgres-server';
import { resolveTerminus, type TerminusTarget } from '@sqh/terminusdb-emulator';

export type { TerminusTarget };

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
      await terminus.stop();
      await postgres.stop();
    },
  };
}
