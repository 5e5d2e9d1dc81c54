import type { Sqh } from '@sqh/core';
import { renderTable } from './console-table.js';
import type { DemoPeople } from './demo-access.js';
import { heading, say, show } from './say.js';

/** CRM documents on TerminusDB: accounts → contacts → opportunities. */
export async function runCrmScenario(sqh: Sqh, tenantId: string, people: DemoPeople): Promise<void> {
  const access = people.admin;
  heading('CRM graph on TerminusDB (the default backend)');
  const acme = await sqh.records.create(
    tenantId,
    'crm',
    'AppCRMAccount',
    {
      id: 'acme',
      name: 'Acme Water',
      industry: 'water',
      employees: 420,
    },
    { access },
  );
  const northwind = await sqh.records.create(
    tenantId,
    'crm',
    'AppCRMAccount',
    {
      id: 'northwind',
      name: 'Northwind Energy',
      industry: 'energy',
    },
    { access },
  );
  say(`Created accounts ${acme.id} and ${northwind.id} in the tenant's own TerminusDB database.`);

  const ada = await sqh.records.create(
    tenantId,
    'crm',
    'AppCRMContact',
    {
      name: 'Ada Okafor',
      email: 'ada@acme.example',
      account: acme.id,
    },
    { access },
  );
  const li = await sqh.records.create(
    tenantId,
    'crm',
    'AppCRMContact',
    {
      name: 'Li Wei',
      email: 'li@northwind.example',
      account: northwind.id,
    },
    { access },
  );
  const opportunities = [
    {
      title: 'Sensor network',
      amount: 180_000,
      stage: 'proposal',
      contact: ada.id,
      closes_at: new Date('2026-12-15'),
    },
    {
      title: 'Lab automation',
      amount: 64_000,
      stage: 'lead',
      contact: ada.id,
      closes_at: new Date('2027-02-01'),
    },
    {
      title: 'Grid analytics',
      amount: 250_000,
      stage: 'won',
      contact: li.id,
      closes_at: new Date('2026-10-30'),
    },
  ];
  const batch = await sqh.records.batchCreate(tenantId, 'crm', 'AppCRMOpportunity', opportunities, {
    access,
  });
  say(`Linked 2 contacts and ${batch.count} opportunities (one commit for the batch).`);

  const open = await sqh.records.list(
    tenantId,
    'crm',
    'AppCRMOpportunity',
    {
      filters: { stage: { $nin: ['won', 'lost'] }, amount: { $gte: 50_000 } },
      orderBy: ['-amount'],
    },
    { access },
  );
  say('Open opportunities worth ≥ 50,000, largest first (a range filter, so it compiles to WOQL):');
  show(renderTable(open, ['id', 'title', 'amount', 'stage', 'closes_at']));

  const first = open[0];
  if (first) {
    const won = await sqh.records.update(
      tenantId,
      'crm',
      'AppCRMOpportunity',
      first.id,
      { stage: 'won' },
      { access },
    );
    say(`Marked ${won.id} as ${String(won.stage)} (a partial update guarded by TerminusDB's data version).`);
  }
  const found = await sqh.records.search(tenantId, 'crm', 'AppCRMContact', 'OKAFOR', {}, { access });
  say(
    `Case-insensitive search for "OKAFOR" finds: ${found.map((c) => `${String(c.name)} <${String(c.email)}>`).join(', ')}.`,
  );
}
