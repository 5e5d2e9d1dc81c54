import { randomBytes } from 'node:crypto';
import { PG_BACKEND } from '@sqh/backend-pg';
import type { Sqh } from '@sqh/core';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import { resolveTerminus, type TerminusTarget } from '@sqh/terminusdb-emulator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPeople } from '../src/demo-access.js';
import { composeDemo } from '../src/demo-composition.js';
import { runCrmScenario } from '../src/scenario-crm-graph.js';
import { runErrorScenario } from '../src/scenario-errors.js';
import { runGraphTraversalScenario } from '../src/scenario-graph-traversal.js';
import { runIsonScenario } from '../src/scenario-ison.js';
import { runLabScenario } from '../src/scenario-lab-results.js';
import { runReportingScenario } from '../src/scenario-reporting.js';
import { runSharedJoinScenario } from '../src/scenario-shared-join.js';
import { runSharedReferenceScenario } from '../src/scenario-shared-reference.js';
import { runNotesScenario } from '../src/scenario-third-party-backend.js';
import { runTwoUsersScenario } from '../src/scenario-two-users.js';

const run = Math.random().toString(36).slice(2, 8);
const acme = `demo-test-a-${run}`;
const globex = `demo-test-b-${run}`;
const acmePeople = demoPeople(acme);
const globexPeople = demoPeople(globex);
const bothTenants = [
  { id: acme, people: acmePeople },
  { id: globex, people: globexPeople },
];

/** Runs a scenario and returns what it printed. */
async function printed(scenario: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => void lines.push(parts.join(' '));
  try {
    await scenario();
  } finally {
    console.log = original;
  }
  return lines.join('\n');
}

// TERMINUSDB_URL selects a real TerminusDB; otherwise the emulator serves.
describe('the demo scenarios, on real PostgreSQL and TerminusDB (or its emulator)', () => {
  let terminus: TerminusTarget;
  let sqh: Sqh;
  const pgUrl = inject('pgUrl');

  beforeAll(async () => {
    terminus = await resolveTerminus();
    sqh = await composeDemo({
      postgresUrl: pgUrl,
      // Its own shared reference database: a real sqh_shared_reference belongs to someone else.
      sharedDatabase: `sqh_shared_demo_${randomBytes(4).toString('hex')}`,
      terminus: { url: terminus.url, user: terminus.user, key: terminus.key },
    });
  });

  afterAll(async () => {
    for (const tenantId of [acme, globex]) await sqh.tenants.deprovision(tenantId, { confirm: tenantId });
    await sqh.get(PG_BACKEND).manager.dropSharedDatabase();
    await sqh.close();
    await terminus.stop();
  });

  it('shows open CRM opportunities from TerminusDB, largest first', async () => {
    const output = await printed(() => runCrmScenario(sqh, acme, acmePeople));
    // Both must be there: indexOf is -1 for a missing one, which would pass a bare comparison.
    expect(output).toContain('Sensor network');
    expect(output).toContain('Lab automation');
    expect(output.indexOf('Sensor network')).toBeLessThan(output.indexOf('Lab automation'));
    expect(output).not.toContain('Grid analytics │');
    expect(output).toContain('finds: Ada Okafor <ada@acme.example>');
  });

  it('walks from an account through its contacts to their opportunities in one traversal', async () => {
    const output = await printed(() => runGraphTraversalScenario(sqh, acme, acmePeople));
    const walk = output.slice(0, output.indexOf('neighbourhood'));
    expect(walk).toContain('Sensor network');
    expect(walk).toContain('Lab automation');
    expect(walk).not.toContain('Grid analytics');
    expect(walk.match(/via AppCRMAccount\/acme → AppCRMContact\/\S+ → AppCRMOpportunity\//g)).toHaveLength(2);
    expect(output).toContain('4 records and 3 links');
    expect(output).toContain('table.edges');
    expect(output).toMatch(/:AppCRMContact:\S+ account :AppCRMAccount:acme/);
  });

  it('imports lab results with progress into monthly partitions and lists the latest', async () => {
    let latest: Awaited<ReturnType<typeof runLabScenario>> = [];
    const output = await printed(async () => {
      latest = await runLabScenario(sqh, acme, acmePeople, 2_400);
    });
    expect(output).toContain('Imported 2,400 rows');
    expect(output).toContain('holds 12 monthly partitions');
    expect(latest).toHaveLength(8);
    expect(latest.every((row) => row.test_type === 'nitrate' && (row.value as number) >= 3)).toBe(true);
  });

  it('reports nitrate by month in the database and each watched station’s latest change', async () => {
    const output = await printed(() => runReportingScenario(sqh, acme, acmePeople));
    const months = output.match(/│ 2026-\d\d │/g) ?? [];
    expect(months).toHaveLength(12);
    expect(output).toContain('table.AppLabResult_aggregate');
    const latest = output.slice(output.indexOf('ROW_NUMBER'));
    for (const station of ['ST-001', 'ST-009', 'ST-017', 'ST-025', 'ST-033']) {
      expect(latest.match(new RegExp(`│ ${station} `, 'g'))).toHaveLength(1);
    }
  });

  it('shows two analysts of one tenant different records under the same query', async () => {
    let seen: Record<string, unknown>[] = [];
    const output = await printed(async () => {
      seen = await runTwoUsersScenario(sqh, acme, acmePeople);
    });
    const [north, south, admin] = seen.map((row) => row['flagged readings'] as number);
    expect(north).toBeGreaterThan(0);
    expect(south).toBeGreaterThan(0);
    expect((north ?? 0) + (south ?? 0)).toBe(admin);
    expect(seen.map((row) => row['teams seen'])).toEqual([1, 1, 2]);
    expect(output).toContain(
      "ACCESS_DENIED: Access denied: create on lab/AppLabResult: needs the permission 'lab:write'",
    );
  });

  it('serves the shared stations to both tenants without duplicating them', async () => {
    const output = await printed(() => runSharedReferenceScenario(sqh, bothTenants));
    expect(output.match(/Fort McMurray intake/g)).toHaveLength(2);
    const again = await printed(() => runSharedReferenceScenario(sqh, bothTenants.slice(0, 1)));
    expect(again).toMatch(/already holds \d+ stations/);
  });

  it('joins tenant annotations with shared stations, and finds stations near a point when PostGIS is there', async () => {
    const output = await printed(() => runSharedJoinScenario(sqh, acme, acmePeople));
    const joined = output.slice(
      0,
      output.indexOf('Stations within') > 0 ? output.indexOf('Stations within') : undefined,
    );
    expect(joined).toMatch(/│ Fort McMurray intake +│ Athabasca River +│ Intake screen cleaned/);
    expect(joined).toMatch(/│ Calgary Bow at Centre St +│ Bow River +│ Nitrate sampler replaced/);
    expect(output).toMatch(
      /│ ST-003 +│ Edmonton Low Level[\s\S]*│ ST-002 +│ Calgary|need PostGIS, which this server lacks/,
    );
  });

  it('keeps third-party backend notes per tenant', async () => {
    const output = await printed(() => runNotesScenario(sqh, bothTenants));
    expect(output).toContain(`${acme} has 2 notes`);
    expect(output).toContain(`${globex} sees only its own: 1 note`);
  });

  it('renders a result as ISON with fewer tokens than JSON', async () => {
    const rows = await sqh.records.list(
      acme,
      'lab',
      'AppLabResult',
      { limit: 8, orderBy: ['created_at'] },
      { access: acmePeople.admin },
    );
    const output = await printed(() => runIsonScenario(sqh, rows));
    expect(output).toContain('table.lab_results');
    const [, json, ison] = output.match(/JSON (\d+), ISON (\d+)/) ?? [];
    expect(Number(ison)).toBeLessThan(Number(json));
  });

  it('shows typed errors for bad input and writes nothing', async () => {
    const output = await printed(() => runErrorScenario(sqh, acme, acmePeople));
    expect(output).toContain("unknown field 'colour'");
    expect(output).toContain('row 1, value');
    expect(output).toMatch(/Rows before: 2,400, after: 2,400/);
  });
});
