import { defineModel } from '@sqh/core';
import { z } from 'zod';

/** A small graph-shaped CRM: accounts, their contacts, and opportunities. */
export const account = defineModel({
  group: 'crm',
  name: 'AppCRMAccount',
  schema: z.object({
    name: z.string(),
    industry: z.enum(['tech', 'retail', 'energy']).optional(),
    revenue: z.number().nullable(),
    employees: z.number().int().optional(),
    founded: z.date().optional(),
    tags: z.array(z.string()),
    regions: z.array(z.string()).optional(),
    active: z.boolean(),
  }),
});

export const contact = defineModel({
  group: 'crm',
  name: 'AppCRMContact',
  schema: z.object({
    name: z.string(),
    email: z.string(),
    account: z.string(),
    previousAccounts: z.array(z.string()).optional(),
  }),
  relations: { account: 'AppCRMAccount', previousAccounts: 'AppCRMAccount' },
});

export const opportunity = defineModel({
  group: 'crm',
  name: 'AppCRMOpportunity',
  schema: z.object({
    title: z.string(),
    amount: z.number(),
    stage: z.enum(['lead', 'won', 'lost']),
    contacts: z.array(z.string()),
  }),
  relations: { contacts: 'AppCRMContact' },
});

export const crmModels = [account, contact, opportunity];
