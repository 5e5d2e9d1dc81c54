import { defineModel, type StorageConfig } from '@sqh/core';
import { z } from 'zod';

/** The water-quality example: lab results per tenant, stations shared by every tenant. */
export function labModels(storage: StorageConfig, stationStorage: StorageConfig) {
  return {
    LabResult: defineModel({
      group: 'lab',
      name: 'AppLabResult',
      storage,
      schema: z.object({
        station_code: z.string(),
        test_type: z.string(),
        value: z.number(),
        team_id: z.string(),
        analyst_id: z.string(),
        region: z.string().optional(),
      }),
    }),
    Station: defineModel({
      group: 'water-quality',
      name: 'AppWaterQualityStation',
      storage: stationStorage,
      schema: z.object({ code: z.string(), river: z.string() }),
    }),
  };
}
