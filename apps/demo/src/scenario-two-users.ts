import type { Sqh } from '@sqh/core';
import { PG_QUERY } from '@sqh/query-pg';
import { renderTable } from './console-table.js';
import type { DemoPeople } from './demo-access.js';
import { heading, say, show } from './say.js';

/** One query, three people: the access policy decides what each of them sees, in the database. */
/** Returns what each person saw, for the scenario's test. */
export async function runTwoUsersScenario(
  sqh: Sqh,
  tenantId: string,
  people: DemoPeople,
): Promise<Record<string, unknown>[]> {
  heading('Same query, different people (@sqh/access)');
  say(
    'Lab results carry the team that runs the station; analysts read their own team’s, the admin reads all.',
  );
  const rows: Record<string, unknown>[] = [];
  for (const [who, access] of [
    ['nora.north (analyst, north)', people.north],
    ['sam.south (analyst, south)', people.south],
    ['ada.admin (lab admin)', people.admin],
  ] as const) {
    const flagged = await sqh.records.count(tenantId, 'lab', 'AppLabResult', { flagged: true }, { access });
    const [byTeam] = await sqh
      .get(PG_QUERY)
      .aggregate(tenantId, 'lab', 'AppLabResult', { metrics: { teams: 'COUNT(DISTINCT team)' } }, { access });
    const first = await sqh.records.list(
      tenantId,
      'lab',
      'AppLabResult',
      { filters: { flagged: true }, orderBy: ['-value', 'id'], limit: 1 },
      { access },
    );
    rows.push({
      who,
      'flagged readings': flagged,
      'teams seen': byTeam?.teams,
      'highest flagged': first[0] ? `${String(first[0].station_code)} ${String(first[0].test_type)}` : '·',
    });
  }
  show(renderTable(rows));
  try {
    await sqh.records.create(
      tenantId,
      'lab',
      'AppLabResult',
      {
        station_code: 'ST-001',
        test_type: 'ph',
        value: 7,
        flagged: false,
        team: 'north',
        created_at: new Date(),
      },
      { access: people.north },
    );
    say('An analyst wrote a lab result: unexpectedly accepted');
  } catch (error) {
    say(
      `An analyst tries to write a lab result → ${(error as { code?: string }).code}: ${(error as Error).message}`,
    );
  }
  return rows;
}
