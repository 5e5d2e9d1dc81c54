import { tenantSlug } from '@sqh/core';

export const TENANT_DATABASE_PREFIX = 'sqh_tenant_';

/**
 * `sqh_tenant_{slug}`. The slug is injective (two tenant ids never share a
 * database) and always a legal identifier; empty, malformed or too long ids are
 * refused with a ValidationError.
 */
export function tenantDatabaseName(tenantId: string): string {
  return `${TENANT_DATABASE_PREFIX}${tenantSlug(tenantId)}`;
}
