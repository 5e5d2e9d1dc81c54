import type { TenantDatabaseManager } from '@sqh/backend-pg';
import pg from 'pg';

/** Drops the PostgreSQL databases this run created for its tenants (the shared database stays). */
export async function dropDemoTenants(
  manager: TenantDatabaseManager,
  adminUrl: string,
  tenantIds: readonly string[],
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await manager.close();
    for (const tenantId of tenantIds) {
      await client.query(
        `DROP DATABASE IF EXISTS ${client.escapeIdentifier(manager.databaseName(tenantId))} WITH (FORCE)`,
      );
    }
  } finally {
    await client.end();
  }
}
