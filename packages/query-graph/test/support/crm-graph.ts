import { type AccessContext, defineModel, type SqhPlugin } from '@sqh/core';
import { z } from 'zod';

const region = z.enum(['north', 'south']);

export const Account = defineModel({
  group: 'crm',
  name: 'AppCRMAccount',
  schema: z.object({ name: z.string(), region, parent: z.string().optional() }),
  relations: { parent: { model: 'AppCRMAccount', inverse: 'subsidiaries' } },
});

export const Contact = defineModel({
  group: 'crm',
  name: 'AppCRMContact',
  schema: z.object({
    name: z.string(),
    region,
    account: z.string().optional(),
    reportsTo: z.string().optional(),
  }),
  relations: {
    account: { model: 'AppCRMAccount', inverse: 'contacts' },
    reportsTo: { model: 'AppCRMContact', inverse: 'reports' },
  },
});

export const Opportunity = defineModel({
  group: 'crm',
  name: 'AppCRMOpportunity',
  schema: z.object({
    title: z.string(),
    region,
    amount: z.number(),
    contacts: z.array(z.string()),
    partners: z.array(z.string()).optional(),
  }),
  relations: {
    contacts: { model: 'AppCRMContact', inverse: 'opportunities' },
    partners: { model: 'AppCRMAccount', inverse: 'partnerDeals' },
  },
});

export const crmModels = [Account, Contact, Opportunity];

export type Row = Record<string, unknown> & { id: string; region: 'north' | 'south' };

export interface CrmData {
  readonly accounts: Row[];
  readonly contacts: Row[];
  readonly opportunities: Row[];
}

/** A small seeded generator, so every run builds the same graph. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A CRM graph of `size` records: accounts with parent cycles, contacts with reporting cycles
 * and some without an account, opportunities sharing contacts across accounts (List links) and
 * naming partner accounts (Set links). Records are split between two regions.
 */
export function buildCrmGraph(size: number, seed = 7): CrmData {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const regionOf = (): 'north' | 'south' => (random() < 0.7 ? 'north' : 'south');
  const accountCount = Math.max(2, Math.floor(size * 0.1));
  const contactCount = Math.max(2, Math.floor(size * 0.5));
  const opportunityCount = Math.max(1, size - accountCount - contactCount);
  const accounts: Row[] = Array.from({ length: accountCount }, (_, i) => ({
    id: `a${i}`,
    name: `Account ${i}`,
    region: regionOf(),
  }));
  // Parent links: a0 <- a1 <- ... <- a6, and half of the groups of seven closed into a cycle.
  accounts.forEach((account, i) => {
    const groupStart = i - (i % 7);
    if (i !== groupStart) account.parent = `a${i - 1}`;
    else if (groupStart + 6 < accountCount && random() < 0.5) account.parent = `a${groupStart + 6}`;
  });
  const contacts: Row[] = Array.from({ length: contactCount }, (_, i) => {
    const row: Row = { id: `c${i}`, name: `Contact ${i}`, region: regionOf() };
    if (random() < 0.9) row.account = `a${Math.floor(random() * accountCount)}`;
    return row;
  });
  contacts.forEach((contact, i) => {
    // Reporting lines with cycles: mostly to a lower id, sometimes back up.
    if (i > 0 && random() < 0.8) contact.reportsTo = `c${Math.floor(random() * i)}`;
    else if (random() < 0.3)
      contact.reportsTo = `c${Math.min(contactCount - 1, i + 1 + Math.floor(random() * 5))}`;
  });
  const opportunities: Row[] = Array.from({ length: opportunityCount }, (_, i) => {
    const size = 1 + Math.floor(random() * 4);
    const chosen = new Set<string>();
    while (chosen.size < size) chosen.add(pick(contacts).id);
    const row: Row = {
      id: `o${i}`,
      title: `Deal ${i}`,
      region: regionOf(),
      amount: Math.floor(random() * 100_000),
      contacts: [...chosen],
    };
    if (random() < 0.3)
      row.partners = [pick(accounts).id, pick(accounts).id].filter((id, j, all) => all.indexOf(id) === j);
    return row;
  });
  return { accounts, contacts, opportunities };
}

/** An access policy: user `north` reads only north records of every model; `nobody` reads nothing. */
export function regionPolicyPlugin(): SqhPlugin {
  return {
    name: 'test-region-policy',
    register: (_container, api) =>
      api.registerAccessPolicy({
        decide: ({ access }) => {
          if (access?.userId === 'north') return { effect: 'allowWhere', filter: { region: 'north' } };
          if (access?.userId === 'nobody') return { effect: 'deny', reason: 'nobody reads anything' };
          return { effect: 'allow' };
        },
      }),
  };
}

export function asUser(userId: string, tenantId: string): AccessContext {
  return { userId, teamIds: [], tenantId, permissions: [], attributes: {}, isSharedReference: false };
}
