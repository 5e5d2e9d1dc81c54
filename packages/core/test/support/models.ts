import { z } from 'zod';
import { defineModel, StorageConfig } from '../../src/index.js';

export const Account = defineModel({
  group: 'crm',
  name: 'AppCRMAccount',
  schema: z.object({
    name: z.string().min(1),
    status: z.enum(['active', 'inactive']),
    employees: z.number().int().optional(),
    tags: z.array(z.string()).default([]),
  }),
  storage: StorageConfig.custom('graph'),
});

export const LabResult = defineModel({
  group: 'lab',
  name: 'AppLabResult',
  schema: z.object({
    station_code: z.string(),
    test_type: z.string(),
    value: z.number(),
    created_at: z.date(),
    note: z.string().nullable().optional(),
  }),
  storage: StorageConfig.custom('table'),
});
