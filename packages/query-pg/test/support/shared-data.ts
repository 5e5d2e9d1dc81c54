import { defineModel, StorageConfig } from '@sqh/core';
import { z } from 'zod';
import { uniqueTableName } from './query-sqh.js';

/** Shared reference stations, in a table unique to this test run. */
export function sharedStationModel() {
  return defineModel({
    group: 'water-quality',
    name: 'AppWaterQualityStation',
    storage: StorageConfig.postgresql({ shared: true, tableName: uniqueTableName('stations') }),
    schema: z.object({
      station_code: z.string(),
      name: z.string(),
      water_body: z.string(),
      parameter: z.string(),
      latitude: z.number(),
      longitude: z.number(),
    }),
  });
}

/** Stations along two rivers near Fort McMurray, and a few elsewhere. */
export function stationRows(count: number) {
  const bodies = ['Athabasca River', 'Clearwater River', `Lac "O'Neil"; --`];
  const parameters = ['Nitrate', 'Nitrite', 'Phosphate', 'Dissolved oxygen', 'Turbidity'];
  return Array.from({ length: count }, (_, n) => ({
    station_code: `WQ-${String(n).padStart(4, '0')}`,
    name: `Station ${n}`,
    water_body: bodies[n % bodies.length] as string,
    parameter: parameters[n % parameters.length] as string,
    latitude: 56.7 + (n % 20) * 0.01 - (n % 7 === 0 ? 5 : 0),
    longitude: -111.4 + (n % 13) * 0.01,
  }));
}
