import { defineModel, StorageConfig } from '@sqh/core';
import { z } from 'zod';

/** Monitoring stations of one tenant. */
export const Station = defineModel({
  group: 'water',
  name: 'Station',
  storage: StorageConfig.postgresql(),
  schema: z.object({ code: z.string(), name: z.string(), region: z.string(), depth: z.number().int() }),
});

/** Samples taken at a station (a declared relation) and checked by inspectors (many ids). */
export const Sample = defineModel({
  group: 'water',
  name: 'Sample',
  storage: StorageConfig.postgresql(),
  schema: z.object({
    station_id: z.string().optional(),
    station_code: z.string(),
    inspector_ids: z.array(z.string()).default([]),
    value: z.number(),
    taken_at: z.date(),
  }),
  relations: { station_id: 'Station', inspector_ids: 'Inspector' },
});

export const Inspector = defineModel({
  group: 'water',
  name: 'Inspector',
  storage: StorageConfig.postgresql(),
  schema: z.object({ name: z.string(), level: z.number().int() }),
});
