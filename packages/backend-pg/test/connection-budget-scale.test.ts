import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantDatabaseManager } from '../src/tenant-database-manager.js';
import {
  adminQuery,
  dropDatabasesStartingWith,
  pgUrl,
  TestTenants,
} from './support/tenant-manager-fixtures.js';

const TENANTS = 200;
const BUDGET = 10;
const CALLERS = 40;
const ROUNDS = 3;

const tenants = new TestTenants();
const role = `sqh_budget_${randomBytes(5).toString('hex')}`;
const password = randomBytes(12).toString('hex');

/**
 * The manager logs in as a role the server allows only BUDGET connections, so
 * the server itself refuses (53300) any connection beyond the budget.
 */
function urlAsLimitedRole(): string {
  const url = new URL(pgUrl());
  url.username = role;
  url.password = password;
  return url.toString();
}

beforeAll(async () => {
  await adminQuery(
    pgUrl(),
    `CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN CREATEDB CONNECTION LIMIT ${BUDGET} PASSWORD ${pg.escapeLiteral(password)}`,
  );
});

// Dropping 200 databases takes tens of seconds on a quiet machine and minutes on a busy one.
afterAll(async () => {
  await dropDatabasesStartingWith(pgUrl(), tenants.databasePrefix);
  await adminQuery(pgUrl(), `DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
}, 600_000);

/** Round-robin over the tenants: create a tiny table on the first visit, write and read on later ones. */
async function visit(manager: TenantDatabaseManager, tenant: number, round: number): Promise<void> {
  const engine = await manager.getEngine(tenants.id(`t${tenant}`));
  if (round === 0) await engine.query('CREATE TABLE visit (round int NOT NULL)');
  await engine.query('INSERT INTO visit VALUES ($1)', [round]);
  const { rows } = await engine.query<{ visits: number }>('SELECT count(*)::int AS visits FROM visit');
  if (rows[0]?.visits !== round + 1)
    throw new Error(`tenant ${tenant} has ${rows[0]?.visits} visits in round ${round}`);
}

describe('the global connection budget', () => {
  it(`serves ${TENANTS} tenants round-robin through ${BUDGET} connections without an error`, async () => {
    const manager = new TenantDatabaseManager({
      url: urlAsLimitedRole(),
      connectionBudget: BUDGET,
      maxConnectionsPerDatabase: 3,
    });
    const errors: unknown[] = [];
    let peakSeen = 0;
    // Rounds run one after another so that two visits of one tenant never overlap.
    const round = async (number: number): Promise<void> => {
      let next = 0;
      const caller = async (): Promise<void> => {
        for (let tenant = next++; tenant < TENANTS; tenant = next++) {
          await visit(manager, tenant, number).catch((error: unknown) => errors.push(error));
          peakSeen = Math.max(peakSeen, manager.openConnections());
        }
      };
      await Promise.all(Array.from({ length: CALLERS }, caller));
    };

    try {
      for (let number = 0; number < ROUNDS; number++) await round(number);
    } finally {
      await manager.close();
    }

    expect(errors).toEqual([]);
    expect(manager.peakConnections()).toBeLessThanOrEqual(BUDGET);
    expect(peakSeen).toBeLessThanOrEqual(BUDGET);
    expect(manager.peakConnections()).toBeGreaterThan(1);
  });
});
