import { createSqh } from '@sqh/core';
import { isSqhError } from '@sqh/core/spi';
import { pgBackend } from './pg-backend-plugin.js';

export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly write: (line: string) => void;
}

const USAGE =
  'Usage: sqh-pg-initialize [--url postgres://user:password@host:port/postgres] [--require-all]\n' +
  '  Creates the shared reference database with PostGIS and pg_trgm where the server offers them.\n' +
  '  --url          admin URL of the default server (default: $SQH_PG_URL)\n' +
  '  --require-all  exit with status 2 when the server lacks one of the extensions';

/** What a missing extension costs, and how to get it. */
const MISSING_HINTS: Readonly<Record<string, string>> = {
  postgis:
    'spatial queries stay unavailable; install PostGIS for this server (e.g. apt install postgresql-15-postgis-3)',
  pg_trgm: 'text search scans instead of using trigram indexes; install the postgresql-contrib package',
};

/**
 * The platform initialization as a deploy step: `sqh-pg-initialize` creates the
 * shared reference database and its extensions, prints what it found, and exits
 * 0 (1 when the server cannot be reached or refuses; 2 with --require-all when
 * an extension is missing). Safe to run on every deploy.
 */
export async function runInitializeCommand(args: readonly string[], io: CommandIo): Promise<number> {
  let url = io.env.SQH_PG_URL;
  let requireAll = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--url') url = args[++index];
    else if (arg === '--require-all') requireAll = true;
    else {
      io.write(arg === '--help' ? USAGE : `Unknown argument ${JSON.stringify(arg)}.\n${USAGE}`);
      return arg === '--help' ? 0 : 1;
    }
  }
  if (!url) {
    io.write(`No server given: pass --url or set SQH_PG_URL.\n${USAGE}`);
    return 1;
  }
  try {
    const sqh = await createSqh({ plugins: [pgBackend({ url })] });
    try {
      const { backends, missing } = await sqh.initialize();
      for (const report of backends) {
        io.write(`${report.database} is ready`);
        for (const [name, installed] of Object.entries(report.extensions)) {
          io.write(
            `  ${name.padEnd(8)} ${installed ? 'installed' : `MISSING: ${MISSING_HINTS[name] ?? 'not offered by the server'}`}`,
          );
        }
      }
      return requireAll && missing.length > 0 ? 2 : 0;
    } finally {
      await sqh.close();
    }
  } catch (error) {
    // sqh errors carry no credentials or SQL; anything else is reported by name only.
    io.write(`sqh-pg-initialize failed: ${isSqhError(error) ? error.message : (error as Error)?.name}`);
    return 1;
  }
}
