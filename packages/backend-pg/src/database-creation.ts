import { ConfigurationError } from '@sqh/core/spi';
import { pgErrorCode } from './pg-error-mapping.js';
import { quoteIdentifier } from './sql-identifier.js';
import type { TenantEngine } from './tenant-engine.js';

/** First PostgreSQL version (17) with the built-in, platform-independent C.UTF-8 locale. */
const BUILTIN_LOCALE_VERSION = 170000;

/**
 * UTF-8, created from template0 (template1 may carry local changes, and copying
 * it fails while anyone is connected to it). Collation 'C' sorts by code point,
 * as core's compareCodePoints does; the C.UTF-8 character type makes lower(),
 * upper() and ILIKE fold non-ASCII letters ('ÉCOLE' → 'école'), which the plain
 * C locale would leave untouched.
 */
export function databaseCreationOptions(serverVersion: number): string {
  const locale =
    serverVersion >= BUILTIN_LOCALE_VERSION
      ? `LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8' LC_COLLATE 'C' LC_CTYPE 'C'`
      : `LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`;
  return `TEMPLATE template0 ENCODING 'UTF8' ${locale}`;
}

/**
 * Creates `database` unless it exists. CREATE DATABASE has no IF NOT EXISTS, so a
 * concurrent creator (another process) shows up as duplicate_database (42P04) or,
 * when both insert at the same moment, as a unique violation (23505) on
 * pg_database; both mean the database is there.
 */
export async function createDatabaseIfMissing(
  admin: TenantEngine,
  database: string,
  server: string,
): Promise<void> {
  await admin.withClient(async (client) => {
    const { rows } = await client.query<{ present: boolean; version: number }>(
      `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS present,
              current_setting('server_version_num')::int AS version`,
      [database],
    );
    const row = rows[0]!;
    if (row.present) return;
    try {
      await client.query(
        `CREATE DATABASE ${quoteIdentifier(database)} ${databaseCreationOptions(row.version)}`,
      );
    } catch (error) {
      const code = pgErrorCode(error);
      if (code === '42P04' || code === '23505') return;
      if (code === '22023' || code === '42809') {
        throw new ConfigurationError(
          `PostgreSQL on ${server} cannot create ${database} with a UTF-8 character type (SQLSTATE ${code}): ` +
            'install the C.UTF-8 locale on that machine, or use PostgreSQL 17 or later.',
          { cause: error },
        );
      }
      throw error;
    }
  });
}
