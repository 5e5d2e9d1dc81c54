import { createServiceToken, type ServiceToken, type SqhPlugin } from '@sqh/core/spi';
import pg from 'pg';
import { mapPgError } from './pg-error-mapping.js';
import { PostgreSQLBackend } from './postgresql-backend.js';
import { TenantDatabaseManager, type TenantDatabaseManagerOptions } from './tenant-database-manager.js';

/** The connection manager's options (url, connectionBudget, placement, ...) plus the backend's own. */
export interface PgBackendOptions extends TenantDatabaseManagerOptions {
  /** Largest batchCreate accepted in one call. */
  readonly maxBatchSize?: number;
}

/** What this plugin provides to later plugins (e.g. a PostgreSQL query service). */
export interface PgBackendServices {
  readonly backend: PostgreSQLBackend;
  readonly manager: TenantDatabaseManager;
}

export const PG_BACKEND: ServiceToken<PgBackendServices> =
  createServiceToken<PgBackendServices>('sqh.backend-pg');

async function serverOffersTrigram(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const result = await client.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = $1) AS found',
      ['pg_trgm'],
    );
    return result.rows[0]?.found === true;
  } catch (error) {
    throw mapPgError(error, { operation: 'connect' });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The PostgreSQL backend as an sqh plugin: registers the `postgresql` storage
 * key, provides PG_BACKEND, and closes every tenant pool on `sqh.close()`.
 */
export function pgBackend(options: PgBackendOptions): SqhPlugin {
  return {
    name: '@sqh/backend-pg',
    async register(_container, api) {
      const trigramAvailable = await serverOffersTrigram(options.url);
      const { maxBatchSize, ...managerOptions } = options;
      const manager = new TenantDatabaseManager(managerOptions);
      api.onClose(() => manager.close());
      const backend = new PostgreSQLBackend({
        manager,
        trigramAvailable,
        ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
      });
      api.registerBackend(backend);
      api.provide(PG_BACKEND, { backend, manager });
    },
  };
}
