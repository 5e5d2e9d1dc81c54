import { defineModel, StorageConfig } from '@sqh/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tableMapping } from '../src/index.js';
import { describeTables } from '../src/table-statistics.js';
import { createPgSqh } from './support/pg-sqh.js';
import { dropTenantDatabases, uniqueTenantId } from './support/test-database.js';

const Plain = defineModel({
  group: 'stats',
  name: 'Plain',
  schema: z.object({ n: z.number().int() }),
  storage: StorageConfig.postgresql(),
});

const Monthly = defineModel({
  group: 'stats',
  name: 'Monthly',
  schema: z.object({ at: z.date() }),
  storage: StorageConfig.postgresql({ partitionBy: 'at', partitionInterval: 'month' }),
});

const tenantId = uniqueTenantId('stats');
afterAll(() => dropTenantDatabases([tenantId]));

describe('table statistics for sqh.tenants.describe', () => {
  it("reports the planner's estimate, partitions summed, for tables above the exact-count size", async () => {
    const { sqh, manager } = await createPgSqh([Plain, Monthly]);
    try {
      await sqh.records.batchCreate(
        tenantId,
        'stats',
        'Plain',
        Array.from({ length: 300 }, (_, n) => ({ n })),
      );
      await sqh.records.batchCreate(tenantId, 'stats', 'Monthly', [
        ...Array.from({ length: 40 }, () => ({ at: new Date('2026-01-10T00:00:00Z') })),
        ...Array.from({ length: 60 }, () => ({ at: new Date('2026-02-10T00:00:00Z') })),
      ]);
      const engine = await manager.getEngine(tenantId);
      // ANALYZE makes reltuples exact for tables this small, so the estimate can be checked.
      await engine.query('ANALYZE');

      const estimated = await describeTables(engine, [tableMapping(Plain), tableMapping(Monthly)], 0);
      const exact = await describeTables(engine, [tableMapping(Plain), tableMapping(Monthly)]);

      expect(estimated).toEqual([
        { model: 'stats/Plain', stored: true, rows: 300, rowsExact: false },
        { model: 'stats/Monthly', stored: true, rows: 100, rowsExact: false },
      ]);
      expect(exact).toEqual([
        { model: 'stats/Plain', stored: true, rows: 300, rowsExact: true },
        { model: 'stats/Monthly', stored: true, rows: 100, rowsExact: true },
      ]);
    } finally {
      await sqh.close();
    }
  });
});
