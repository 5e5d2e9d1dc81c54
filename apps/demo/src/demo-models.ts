import { defineModel, StorageConfig } from '@sqh/core';
import { z } from 'zod';

/** Graph-shaped CRM documents: the default backend, TerminusDB. */
export const Account = defineModel({
  group: 'crm',
  name: 'AppCRMAccount',
  schema: z.object({
    name: z.string().min(1),
    industry: z.enum(['energy', 'water', 'mining', 'software']),
    employees: z.number().int().min(0).optional(),
  }),
});

export const Contact = defineModel({
  group: 'crm',
  name: 'AppCRMContact',
  schema: z.object({ name: z.string(), email: z.string().email(), account: z.string() }),
  // Accounts store no contacts field: the inverse name lets a graph walk go back along `account`.
  relations: { account: { model: 'AppCRMAccount', inverse: 'contacts' } },
});

export const Opportunity = defineModel({
  group: 'crm',
  name: 'AppCRMOpportunity',
  schema: z.object({
    title: z.string(),
    amount: z.number().min(0),
    stage: z.enum(['lead', 'proposal', 'won', 'lost']),
    contact: z.string(),
    closes_at: z.date(),
  }),
  relations: { contact: { model: 'AppCRMContact', inverse: 'opportunities' } },
});

/** Millions of rows in real life: PostgreSQL, range-partitioned by month. */
export const LabResult = defineModel({
  group: 'lab',
  name: 'AppLabResult',
  schema: z.object({
    station_code: z.string(),
    test_type: z.enum(['ph', 'dissolved_oxygen', 'turbidity', 'nitrate']),
    value: z.number(),
    flagged: z.boolean(),
    /** The team that runs the station; analysts read their own team's results. */
    team: z.enum(['north', 'south']),
    created_at: z.date(),
  }),
  storage: StorageConfig.postgresql({ highVolume: true, partitionBy: 'created_at' }),
});

/** A tenant's own notes on public stations: joined with the shared station table. */
export const StationAnnotation = defineModel({
  group: 'water-quality',
  name: 'AppStationAnnotation',
  schema: z.object({
    station_code: z.string(),
    note: z.string(),
    author: z.string(),
    created_at: z.date(),
  }),
  storage: StorageConfig.postgresql(),
});

/** Public reference data every tenant reads: the shared reference database. */
export const Station = defineModel({
  group: 'water-quality',
  name: 'AppWaterQualityStation',
  schema: z.object({
    station_code: z.string(),
    name: z.string(),
    water_body: z.string(),
    latitude: z.number(),
    longitude: z.number(),
  }),
  storage: StorageConfig.postgresql({ shared: true }),
});

/** Stored by the example third-party backend, to show the plugin story. */
export const Note = defineModel({
  group: 'notes',
  name: 'AppNote',
  schema: z.object({ text: z.string(), pinned: z.boolean().default(false) }),
  storage: StorageConfig.custom('memory'),
});

export const demoModels = [Account, Contact, Opportunity, LabResult, StationAnnotation, Station, Note];
