import { PG_BACKEND, tableMapping } from '@sqh/backend-pg';
import type { Sqh, SqhRecord } from '@sqh/core';
import { renderTable } from './console-table.js';
import type { DemoPeople } from './demo-access.js';
import { LabResult } from './demo-models.js';
import { progressBar } from './progress-bar.js';
import { heading, say, show } from './say.js';

const TEST_TYPES = ['ph', 'dissolved_oxygen', 'turbidity', 'nitrate'] as const;
const TYPICAL: Record<(typeof TEST_TYPES)[number], number> = {
  ph: 7.2,
  dissolved_oxygen: 9,
  turbidity: 4,
  nitrate: 2.5,
};

/** A year of readings from 40 stations: deterministic, so every run shows the same picture. */
export function labReadings(count: number) {
  const start = Date.UTC(2026, 0, 1);
  const span = 365 * 24 * 3600 * 1000;
  return Array.from({ length: count }, (_, i) => {
    const testType = TEST_TYPES[i % TEST_TYPES.length]!;
    const wobble = Math.sin(i * 12.9898) * 0.5 + Math.cos(i * 0.37) * 0.3;
    const value = Math.round(TYPICAL[testType] * (1 + wobble) * 100) / 100;
    return {
      station_code: `ST-${String((i * 7) % 40).padStart(3, '0')}`,
      test_type: testType,
      value,
      flagged: wobble > 0.65,
      team: (i * 7) % 40 < 20 ? ('north' as const) : ('south' as const),
      created_at: new Date(start + Math.floor((i / count) * span)),
    };
  });
}

/** High-volume lab results on PostgreSQL: COPY import, partitions, filters. Returns a sample for the ISON scenario. */
export async function runLabScenario(
  sqh: Sqh,
  tenantId: string,
  people: DemoPeople,
  rows: number,
): Promise<SqhRecord[]> {
  const access = people.admin;
  heading('Lab results on PostgreSQL (high volume, partitioned by month)');
  const readings = labReadings(rows);
  say(
    `Importing ${rows.toLocaleString('en-US')} readings in one all-or-nothing batch (COPY under the hood):`,
  );
  const bar = progressBar('import');
  const started = performance.now();
  const { count } = await sqh.records.batchCreate(tenantId, 'lab', 'AppLabResult', readings, {
    returning: false,
    access,
    onProgress: ({ written, total }) => bar.update(written, total),
  });
  const seconds = (performance.now() - started) / 1000;
  say(
    `Imported ${count.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(count / seconds).toLocaleString('en-US')} rows/s).`,
  );

  const { manager } = sqh.get(PG_BACKEND);
  const engine = await manager.getEngine(tenantId);
  const partitions = await engine.query<{ partitions: number }>(
    'SELECT count(*)::int AS partitions FROM pg_inherits WHERE inhparent = $1::regclass',
    [tableMapping(LabResult).table],
  );
  say(
    `Database ${engine.database} now holds ${partitions.rows[0]?.partitions ?? 0} monthly partitions, created on demand.`,
  );

  const q3 = { created_at: { $gte: new Date('2026-07-01'), $lt: new Date('2026-10-01') } };
  const flaggedPh = await sqh.records.count(
    tenantId,
    'lab',
    'AppLabResult',
    {
      ...q3,
      test_type: 'ph',
      flagged: true,
    },
    { access },
  );
  say(`Flagged pH readings in Q3 (the query only touches the July–September partitions): ${flaggedPh}.`);

  const latest = await sqh.records.list(
    tenantId,
    'lab',
    'AppLabResult',
    {
      filters: { test_type: 'nitrate', value: { $gte: 3 } },
      orderBy: ['-created_at'],
      limit: 8,
    },
    { access },
  );
  say('Latest nitrate readings ≥ 3 mg/L:');
  show(renderTable(latest, ['station_code', 'test_type', 'value', 'flagged', 'created_at']));
  return latest;
}
