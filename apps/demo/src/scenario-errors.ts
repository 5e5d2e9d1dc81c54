import { isSqhError, type Sqh } from '@sqh/core';
import type { DemoPeople } from './demo-access.js';
import { heading, say } from './say.js';

/** Bad input gets a typed error that says what is wrong, and nothing is written. */
export async function runErrorScenario(sqh: Sqh, tenantId: string, people: DemoPeople): Promise<void> {
  const access = people.admin;
  heading('Bad input gets a clear error and loses nothing');
  const before = await sqh.records.count(tenantId, 'lab', 'AppLabResult', undefined, { access });
  const attempts: [string, () => Promise<unknown>][] = [
    [
      'an unknown field',
      () =>
        sqh.records.create(tenantId, 'lab', 'AppLabResult', { station_code: 'X', colour: 'red' }, { access }),
    ],
    [
      'a filter on a field that does not exist',
      () =>
        sqh.records.list(
          tenantId,
          'lab',
          'AppLabResult',
          { filters: { temperature: { $gt: 20 } } },
          { access },
        ),
    ],
    [
      'a hostile tenant id',
      () => sqh.records.list('acme"; DROP DATABASE x; --', 'lab', 'AppLabResult', {}, { access }),
    ],
    [
      'a batch with one bad row among good ones',
      () =>
        sqh.records.batchCreate(
          tenantId,
          'lab',
          'AppLabResult',
          [
            {
              station_code: 'ST-001',
              test_type: 'ph',
              value: 7.1,
              flagged: false,
              team: 'north',
              created_at: new Date(),
            },
            {
              station_code: 'ST-002',
              test_type: 'ph',
              value: 'high',
              flagged: false,
              team: 'north',
              created_at: new Date(),
            },
          ],
          { access },
        ),
    ],
  ];
  for (const [what, attempt] of attempts) {
    try {
      await attempt();
      say(`${what}: unexpectedly accepted`);
    } catch (error) {
      say(`${what} → ${isSqhError(error) ? `${error.code}: ${error.message}` : String(error)}`);
    }
  }
  const after = await sqh.records.count(tenantId, 'lab', 'AppLabResult', undefined, { access });
  say(
    `Rows before: ${before.toLocaleString('en-US')}, after: ${after.toLocaleString('en-US')} — nothing was written.`,
  );
}
