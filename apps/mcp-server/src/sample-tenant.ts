import type { Sqh } from '@sqh/core';
import { demoPeople, labReadings } from '@sqh/demo';

export const SAMPLE_LAB_ROWS = 2_000;

/**
 * Gives an empty tenant something to ask about: a year of lab results, station notes and
 * a small CRM graph, written by the tenant's admin. A tenant that has lab results is left alone.
 */
export async function seedSampleTenant(sqh: Sqh, tenantId: string): Promise<boolean> {
  const access = demoPeople(tenantId).admin;
  if ((await sqh.records.count(tenantId, 'lab', 'AppLabResult', undefined, { access })) > 0) return false;
  await sqh.records.batchCreate(tenantId, 'lab', 'AppLabResult', labReadings(SAMPLE_LAB_ROWS), {
    returning: false,
    access,
  });
  await sqh.records.batchCreate(
    tenantId,
    'water-quality',
    'AppStationAnnotation',
    [
      {
        station_code: 'ST-000',
        note: 'Intake screen cleaned',
        author: 'ada.admin',
        created_at: new Date('2026-03-02'),
      },
      {
        station_code: 'ST-002',
        note: 'Nitrate sampler replaced',
        author: 'ada.admin',
        created_at: new Date('2026-05-11'),
      },
      {
        station_code: 'ST-003',
        note: 'Spring flood: readings noisy',
        author: 'ada.admin',
        created_at: new Date('2026-04-20'),
      },
    ],
    { access },
  );
  await sqh.records.create(
    tenantId,
    'crm',
    'AppCRMAccount',
    { id: 'acme', name: 'Acme Water', industry: 'water' },
    { access },
  );
  const contact = await sqh.records.create(
    tenantId,
    'crm',
    'AppCRMContact',
    { id: 'ada', name: 'Ada Okafor', email: 'ada@acme.example', account: 'acme' },
    { access },
  );
  await sqh.records.batchCreate(
    tenantId,
    'crm',
    'AppCRMOpportunity',
    [
      {
        title: 'Sensor network',
        amount: 180_000,
        stage: 'proposal',
        contact: contact.id,
        closes_at: new Date('2026-12-15'),
      },
      {
        title: 'Lab automation',
        amount: 64_000,
        stage: 'lead',
        contact: contact.id,
        closes_at: new Date('2027-02-01'),
      },
    ],
    { access },
  );
  return true;
}
