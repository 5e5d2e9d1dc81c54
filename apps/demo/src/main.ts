import { isSqhError } from '@sqh/core';
import { demoPeople } from './demo-access.js';
import { composeDemo } from './demo-composition.js';
import { prepareEnvironment } from './demo-environment.js';
import { heading, say } from './say.js';
import { runCrmScenario } from './scenario-crm-graph.js';
import { runErrorScenario } from './scenario-errors.js';
import { runGraphTraversalScenario } from './scenario-graph-traversal.js';
import { runIsonScenario } from './scenario-ison.js';
import { runLabScenario } from './scenario-lab-results.js';
import { runReportingScenario } from './scenario-reporting.js';
import { runSharedJoinScenario } from './scenario-shared-join.js';
import { runSharedReferenceScenario } from './scenario-shared-reference.js';
import { runNotesScenario } from './scenario-third-party-backend.js';
import { runTwoUsersScenario } from './scenario-two-users.js';

const labRows = Number(process.env.SQH_DEMO_ROWS ?? 100_000);
// Unique per run so a re-run against a persistent server starts clean.
const run = Date.now().toString(36);
const tenants = { acme: `demo-acme-${run}`, globex: `demo-globex-${run}` };

heading('sqh demo — one data access layer over PostgreSQL and TerminusDB');
say('Starting the stores…');
const environment = await prepareEnvironment();
say(`PostgreSQL: ${environment.postgresDescription}`);
say(`TerminusDB: ${environment.terminus.description}`);

let failed = false;
let sqh: Awaited<ReturnType<typeof composeDemo>> | undefined;
try {
  sqh = await composeDemo({
    postgresUrl: environment.postgres.url,
    terminus: environment.terminus,
    sharedDatabase: process.env.SQH_SHARED_DATABASE,
  });
  say(
    `Composed: backends ${sqh.backends.keys().join(', ')}; output formats ${sqh.formats.names().join(', ')}.`,
  );
  say(`Tenants this run: ${tenants.acme} and ${tenants.globex}.`);
  const acme = { id: tenants.acme, people: demoPeople(tenants.acme) };
  const globex = { id: tenants.globex, people: demoPeople(tenants.globex) };
  await runCrmScenario(sqh, acme.id, acme.people);
  await runGraphTraversalScenario(sqh, acme.id, acme.people);
  const labResults = await runLabScenario(sqh, acme.id, acme.people, labRows);
  await runReportingScenario(sqh, acme.id, acme.people);
  await runTwoUsersScenario(sqh, acme.id, acme.people);
  await runSharedReferenceScenario(sqh, [acme, globex]);
  await runSharedJoinScenario(sqh, acme.id, acme.people);
  await runNotesScenario(sqh, [acme, globex]);
  await runIsonScenario(sqh, labResults);
  await runErrorScenario(sqh, acme.id, acme.people);
  heading('Done');
  say(
    environment.terminus.emulator === undefined
      ? 'Every store above was real: PostgreSQL databases per tenant, TerminusDB documents over HTTP.'
      : 'PostgreSQL above was real (a database per tenant); TerminusDB was the in-process emulator, ' +
          'test/demo tooling that speaks its HTTP API. Set TERMINUSDB_URL to run against a real TerminusDB.',
  );
} catch (error) {
  failed = true;
  const message = isSqhError(error) ? `${error.code}: ${error.message}` : String(error);
  console.error(`\nThe demo stopped: ${message}`);
} finally {
  // The run's tenants go (their PostgreSQL and TerminusDB databases); the shared reference data stays for the next run.
  if (sqh !== undefined) {
    for (const tenantId of Object.values(tenants))
      await sqh.tenants.deprovision(tenantId, { confirm: tenantId });
    await sqh.close();
  }
  await environment.stop();
}
process.exitCode = failed ? 1 : 0;
