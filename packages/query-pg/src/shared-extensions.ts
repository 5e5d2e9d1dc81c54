import type { SharedDatabaseStatus } from '@sqh/backend-pg';
import { UnsupportedError } from '@sqh/core/spi';

const PACKAGES: Readonly<Record<string, string>> = {
  postgis: 'PostGIS (e.g. the postgresql-<version>-postgis-3 package)',
  pg_trgm: 'pg_trgm (part of postgresql-contrib)',
  postgres_fdw: 'postgres_fdw (part of postgresql-contrib)',
};

/** Throws UNSUPPORTED naming the extension when the shared reference database lacks it. */
export function requireSharedExtension(
  status: SharedDatabaseStatus,
  extension: string,
  feature: string,
): void {
  if (status.extensions[extension] === true) return;
  throw new UnsupportedError(
    `${feature} needs the PostgreSQL extension '${extension}', which the server of ${status.database} does not offer. ` +
      `Install ${PACKAGES[extension] ?? extension} on the server; sqh enables it on next start.`,
  );
}
