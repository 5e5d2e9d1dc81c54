import { PG_BACKEND } from '@sqh/backend-pg';
import type { Sqh } from '@sqh/core';
import { renderTable } from './console-table.js';
import { type DemoPeople, referenceLoader } from './demo-access.js';
import { heading, say, show } from './say.js';

const STATIONS = [
  {
    station_code: 'ST-000',
    name: 'Fort McMurray intake',
    water_body: 'Athabasca River',
    latitude: 56.73,
    longitude: -111.38,
  },
  {
    station_code: 'ST-001',
    name: 'Embarras Portage',
    water_body: 'Athabasca River',
    latitude: 58.42,
    longitude: -111.55,
  },
  {
    station_code: 'ST-002',
    name: 'Calgary Bow at Centre St',
    water_body: 'Bow River',
    latitude: 51.05,
    longitude: -114.06,
  },
  {
    station_code: 'ST-003',
    name: 'Edmonton Low Level',
    water_body: 'North Saskatchewan River',
    latitude: 53.53,
    longitude: -113.49,
  },
];

/** Public reference data lives once, in the shared database, and every tenant reads it. */
export async function runSharedReferenceScenario(
  sqh: Sqh,
  tenants: readonly { readonly id: string; readonly people: DemoPeople }[],
): Promise<void> {
  heading(`Shared reference data (${sqh.get(PG_BACKEND).manager.sharedDatabaseName})`);
  const existing = await sqh.records.count(null, 'water-quality', 'AppWaterQualityStation', undefined, {
    access: referenceLoader,
  });
  if (existing === 0) {
    await sqh.records.batchCreate(
      null,
      'water-quality',
      'AppWaterQualityStation',
      STATIONS.map((s) => ({ id: s.station_code, ...s })),
      { access: referenceLoader },
    );
    say(
      `Loaded ${STATIONS.length} monitoring stations once, with no tenant: they are public reference data.`,
    );
  } else {
    say(`The shared database already holds ${existing} stations from an earlier run; nothing is duplicated.`);
  }
  for (const { id: tenantId, people } of tenants) {
    const athabasca = await sqh.records.list(
      tenantId,
      'water-quality',
      'AppWaterQualityStation',
      {
        filters: { water_body: 'Athabasca River' },
        orderBy: ['station_code'],
      },
      { access: people.north },
    );
    say(`${tenantId} reads the same stations on the Athabasca River:`);
    show(renderTable(athabasca, ['station_code', 'name', 'latitude', 'longitude']));
  }
}
