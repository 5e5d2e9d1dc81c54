import { defineModel, StorageConfig, type StorageConfig as StorageConfigType } from '@sqh/core';
import { z } from 'zod';

const ticketSchema = z.object({
  title: z.string(),
  owner: z.string(),
  priority: z.number().int().min(1).max(5),
  opened_at: z.date(),
  labels: z.array(z.string()),
  resolved: z.boolean(),
  notes: z.string().optional(),
});

function ticketModel(name: string, storage: StorageConfigType) {
  return defineModel({ group: 'support', name, schema: ticketSchema, storage });
}

/** The same schema declared twice: once on each backend. */
export const PgTicket = ticketModel('PgTicket', StorageConfig.postgresql());
export const GraphTicket = ticketModel('GraphTicket', StorageConfig.terminusdb());

export function ticketRows() {
  return [
    {
      title: 'Sampler offline',
      owner: 'alice',
      priority: 1,
      opened_at: new Date('2026-03-01T08:00:00Z'),
      labels: ['field', 'urgent'],
      resolved: false,
    },
    {
      title: 'Wrong units in report',
      owner: 'bob',
      priority: 3,
      opened_at: new Date('2026-03-02T09:30:00Z'),
      labels: ['reporting'],
      resolved: true,
      notes: 'mg/L vs µg/L',
    },
    {
      title: 'Login loop',
      owner: 'alice',
      priority: 2,
      opened_at: new Date('2026-03-03T10:00:00Z'),
      labels: [],
      resolved: false,
    },
    {
      title: 'Duplicate station ST-012',
      owner: 'carol',
      priority: 4,
      opened_at: new Date('2026-03-04T11:15:00Z'),
      labels: ['data'],
      resolved: false,
    },
    {
      title: 'Export is slow',
      owner: 'bob',
      priority: 2,
      opened_at: new Date('2026-03-05T12:45:00Z'),
      labels: ['reporting', 'perf'],
      resolved: false,
    },
  ];
}
