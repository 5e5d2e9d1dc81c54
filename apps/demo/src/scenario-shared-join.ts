import { isSqhError, type Sqh } from '@sqh/core';
import { PG_QUERY } from '@sqh/query-pg';
import { renderTable } from './console-table.js';
import type { DemoPeople } from './demo-access.js';
import { heading, say, show } from './say.js';

const ANNOTATIONS = [
  { station_code: 'ST-000', note: 'Intake screen cleaned', created_at: new Date('2026-03-02') },
  { station_code: 'ST-002', note: 'Nitrate sampler replaced', created_at: new Date('2026-05-11') },
  { station_code: 'ST-003', note: 'Spring flood: readings noisy', created_at: new Date('2026-04-20') },
];

/** The tenant's own notes joined with public stations that live in another database. */
export async function runSharedJoinScenario(sqh: Sqh, tenantId: string, people: DemoPeople): Promise<void> {
  heading('Tenant data ⨝ shared reference data (joinShared, listShared)');
  const access = people.admin;
  await sqh.records.batchCreate(
    tenantId,
    'water-quality',
    'AppStationAnnotation',
    ANNOTATIONS.map((annotation) => ({ ...annotation, author: access.userId })),
    { access },
  );
  const queries = sqh.get(PG_QUERY);
  const joined = await queries.joinShared(
    tenantId,
    {
      tenantModel: 'water-quality/AppStationAnnotation',
      sharedModel: 'water-quality/AppWaterQualityStation',
      joinOn: ['station_code', 'station_code'],
      select: {
        station: 'station.name',
        river: 'station.water_body',
        note: 'annotation.note',
        noted: 'annotation.created_at',
      },
      orderBy: ['noted'],
    },
    { access },
  );
  say('Annotations (tenant database) joined with stations (shared database):');
  show(renderTable(joined, ['station', 'river', 'note', 'noted']));
  try {
    const near = await queries.listShared(
      'water-quality',
      'AppWaterQualityStation',
      { near: { latitude: 53.55, longitude: -113.5, withinMeters: 400_000 }, limit: 5 },
      { access },
    );
    say('Stations within 400 km of Edmonton, nearest first (PostGIS on the shared database):');
    show(renderTable(near, ['station_code', 'name', 'water_body', 'distanceMeters']));
  } catch (error) {
    if (!isSqhError(error) || error.code !== 'UNSUPPORTED') throw error;
    say(`Nearby stations need PostGIS, which this server lacks: ${error.message}`);
  }
}
