import type { Sqh } from '@sqh/core';
import { PG_QUERY } from '@sqh/query-pg';
import { renderTable } from './console-table.js';
import type { DemoPeople } from './demo-access.js';
import { heading, say, show } from './say.js';

// Stations that measure nitrate in the generated readings, from both teams.
const WATCHED_STATIONS = ['ST-001', 'ST-009', 'ST-017', 'ST-025', 'ST-033'];

/** Reporting in the database: a monthly aggregate (and its ISON) and a window function. */
export async function runReportingScenario(sqh: Sqh, tenantId: string, people: DemoPeople): Promise<void> {
  heading('Reporting in PostgreSQL (@sqh/query-pg)');
  const queries = sqh.get(PG_QUERY);
  const access = people.admin;
  const report = {
    groupBy: [{ field: 'created_at', bucket: 'month' as const, as: 'month' }],
    metrics: {
      readings: 'COUNT(*)',
      stations: 'COUNT(DISTINCT station_code)',
      avg_nitrate: 'AVG(value)',
      p90_nitrate: 'PERCENTILE(value, 0.9)',
    },
    filters: { test_type: 'nitrate' },
    orderBy: ['month'],
  };
  const monthly = await queries.aggregate(tenantId, 'lab', 'AppLabResult', report, { access });
  say(
    'Nitrate by month: one GROUP BY over every partition, metrics from a strict grammar, never pasted SQL:',
  );
  show(
    renderTable(
      monthly.map((row) => ({ ...row, month: monthLabel(row.month) })),
      ['month', 'readings', 'stations', 'avg_nitrate', 'p90_nitrate'],
    ),
  );
  const ison = await queries.aggregate(tenantId, 'lab', 'AppLabResult', report, {
    access,
    outputFormat: 'ison',
  });
  const lines = ison.split('\n');
  say(`The same report as ISON for a language model (first lines of ${lines.length}):`);
  show(
    lines
      .slice(0, 6)
      .map((line) => `    ${line}`)
      .join('\n'),
  );

  const q4 = { created_at: { $gte: new Date('2026-10-01') } };
  const windows = await queries.windowFunctions(
    tenantId,
    'lab',
    'AppLabResult',
    {
      partitionBy: ['station_code'],
      orderBy: ['-created_at'],
      windows: { recency: { fn: 'row_number' }, previous: { fn: 'lead', field: 'value' } },
      select: ['station_code', 'value', 'created_at'],
      filters: { ...q4, test_type: 'nitrate', station_code: { $in: WATCHED_STATIONS } },
    },
    { access },
  );
  const latest = windows
    .filter((row) => row.recency === 1)
    .map((row) => ({
      ...row,
      change: typeof row.previous === 'number' ? (row.value as number) - row.previous : null,
    }));
  say(
    'Each watched station’s latest nitrate reading and its change since the one before (ROW_NUMBER and LEAD):',
  );
  show(renderTable(latest, ['station_code', 'created_at', 'value', 'previous', 'change']));
}

function monthLabel(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().slice(0, 7);
}
