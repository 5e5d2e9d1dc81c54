import { defineModel, StorageConfig } from '@sqh/core';
import { z } from 'zod';

/** Lab results, partitioned by month on created_at. */
export const LabResult = defineModel({
  group: 'lab',
  name: 'AppLabResult',
  storage: StorageConfig.postgresql({ partitionBy: 'created_at', highVolume: true }),
  schema: z.object({
    station_code: z.string(),
    test_type: z.enum(['ph', 'turbidity', 'chlorine']),
    value: z.number(),
    reading: z.number().int(),
    created_at: z.date(),
    note: z.string().optional(),
  }),
});

/** A station code made to break naive SQL building. */
export const HOSTILE_CODE = `ST'"; DROP TABLE app_lab_result; --`;

/** `count` deterministic lab results over 2026-01 .. 2026-06. */
export function labRows(count: number): Record<string, unknown>[] {
  const types = ['ph', 'turbidity', 'chlorine'] as const;
  return Array.from({ length: count }, (_, n) => ({
    station_code: n % 17 === 0 ? HOSTILE_CODE : `ST-${n % 5}`,
    test_type: types[n % 3],
    value: ((n * 37) % 1000) / 10,
    reading: (n * 7919) % 5000,
    created_at: new Date(Date.UTC(2026, n % 6, 1 + (n % 27), n % 24, n % 60)),
    ...(n % 4 === 0 ? {} : { note: `note ${n % 11}` }),
  }));
}
