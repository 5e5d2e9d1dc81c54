import type { AccessContext } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_SQL_PERMISSION } from '../src/index.js';
import { LabResult, labRows } from './support/lab-data.js';
import {
  createQuerySqh,
  dropTenantDatabases,
  PG_BACKEND,
  type QuerySqh,
  rawQuery,
  tenantDatabase,
  uniqueTenantId,
} from './support/query-sqh.js';

const BUDGET = 4;
const tenants = [uniqueTenantId('bud0'), uniqueTenantId('bud1'), uniqueTenantId('bud2')];

function caller(tenantId: string): AccessContext {
  return {
    userId: 'analyst',
    teamIds: [],
    tenantId,
    permissions: [RAW_SQL_PERMISSION],
    attributes: {},
    isSharedReference: false,
  };
}

describe('connections under mixed record and query traffic', () => {
  let world: QuerySqh;

  beforeAll(async () => {
    world = await createQuerySqh([LabResult], { connectionBudget: BUDGET, maxConnectionsPerDatabase: 2 });
    for (const tenantId of tenants) {
      await world.sqh.records.batchCreate(tenantId, 'lab', 'AppLabResult', labRows(300), {
        returning: false,
      });
    }
  });

  afterAll(async () => {
    await world?.sqh.close();
    await dropTenantDatabases(tenants);
  });

  it(`never exceed the budget of ${BUDGET} (Sequelize's statements included), on the client's count and on the server's`, async () => {
    const { manager } = world.sqh.get(PG_BACKEND);
    const query = world.query;
    const records = world.sqh.records;
    let serverPeak = 0;
    let notFromSqh = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [row] = await rawQuery<{ n: number; other: number }>(
          'postgres',
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE application_name <> 'sqh')::int AS other
             FROM pg_stat_activity WHERE datname = ANY ($1)`,
          [tenants.map(tenantDatabase)],
        );
        serverPeak = Math.max(serverPeak, row?.n ?? 0);
        // Sequelize's own pool would connect without the engines' application_name.
        notFromSqh = Math.max(notFromSqh, row?.other ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const operations = Array.from({ length: 90 }, (_, n) => {
      const tenantId = tenants[n % tenants.length] as string;
      switch (n % 9) {
        case 0:
          return records.create(tenantId, 'lab', 'AppLabResult', labRows(1)[0] as Record<string, unknown>);
        case 1:
          return records.list(tenantId, 'lab', 'AppLabResult', { filters: { test_type: 'ph' }, limit: 20 });
        case 2:
          return query.aggregate(tenantId, 'lab', 'AppLabResult', {
            groupBy: ['test_type', 'month'],
            metrics: { n: 'COUNT(*)', mean: 'AVG(value)' },
          });
        case 3:
          return query.windowFunctions(tenantId, 'lab', 'AppLabResult', {
            partitionBy: ['station_code'],
            orderBy: ['created_at'],
            windows: { running: { fn: 'sum', field: 'value' } },
          });
        case 4:
          return query.rawSql(
            tenantId,
            'SELECT count(*)::int AS n FROM app_lab_result WHERE value > $1',
            [10],
            {
              access: caller(tenantId),
            },
          );
        case 5:
          return (async () => {
            let count = 0;
            for await (const _row of query.stream(tenantId, 'lab', 'AppLabResult', { batchSize: 50 }))
              count++;
            return count;
          })();
        case 6:
          return records.count(tenantId, 'lab', 'AppLabResult');
        case 7:
          return query.aggregate(tenantId, 'lab', 'AppLabResult', {
            metrics: { p: 'PERCENTILE(value, 0.9)' },
          });
        default:
          return query.joinQuery(tenantId, {
            from: 'lab/AppLabResult',
            join: [
              { model: 'lab/AppLabResult', on: ['AppLabResult.station_code', 'station_code'], as: 'same' },
            ],
            select: ['AppLabResult.id'],
            limit: 50,
          });
      }
    });
    const results = await Promise.allSettled(operations);
    sampling = false;
    await sampler;
    expect(results.filter((result) => result.status === 'rejected')).toStrictEqual([]);
    expect(manager.peakConnections()).toBeLessThanOrEqual(BUDGET);
    expect(manager.peakConnections()).toBeGreaterThan(1);
    expect(serverPeak).toBeLessThanOrEqual(BUDGET);
    expect(notFromSqh).toBe(0);
  });
});
