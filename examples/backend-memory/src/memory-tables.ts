import type { Model, SqhRecord } from '@sqh/core/spi';

/** The records of one model in one tenant, by id. */
export type MemoryTable = Map<string, SqhRecord>;

/** Tenant → model key → table; tables appear on first use, like lazily created ones in a database. */
export function createMemoryTables() {
  const tenants = new Map<string | null, Map<string, MemoryTable>>();
  return {
    of(tenantId: string | null, model: Model): MemoryTable {
      const models = tenants.get(tenantId) ?? new Map<string, MemoryTable>();
      tenants.set(tenantId, models);
      const table = models.get(model.key) ?? new Map<string, SqhRecord>();
      models.set(model.key, table);
      return table;
    },
    clear(): void {
      tenants.clear();
    },
  };
}
