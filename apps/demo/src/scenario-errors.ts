import { isSqhError, type Sqh } from '@sqh/core';
import { heading, say } from './say.js';

/** Bad input gets a typed error that says what is wrong, and nothing is written. */
export async function runErrorScenario(sqh: Sqh, tenantId: string): Promise<void> {
  heading('Bad input gets a clear error and loses nothing');
  const before = await sqh.records.count(tenantId, 'lab', 'AppLabResult');
  const attempts: [string, () => Promise<unknown>][] = [
    [
      'an unknown field',
      () => sqh.records.create(tenantId, 'lab', 'AppLabResult', { station_code: 'X', colour: 'red' }),
    ],
    [
      'a filter on a field that does not exist',
      () => sqh.records.list(tenantId, 'lab', 'AppLabResult', { filters: { temperature: { $gt: 20 } } }),
    ],
    ['a hostile tenant id', () => sqh.records.list('acme"; DROP DATABASE x; --', 'lab', 'AppLabResult')],
    [
      'a batch with one bad row among good ones',
      () =>
        sqh.records.batchCreate(tenantId, 'lab', 'AppLabResult', [
          { station_code: 'ST-001', test_type: 'ph', value: 7.1, flagged: false, created_at: new Date() },
          { station_code: 'ST-002', test_type: 'ph', value: 'high', flagged: false, created_at: new Date() },
        ]),
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
  const after = await sqh.records.count(tenantId, 'lab', 'AppLabResult');
  say(
    `Rows before: ${before.toLocaleString('en-US')}, after: ${after.toLocaleString('en-US')} — nothing was written.`,
  );
}
