import { randomBytes } from 'node:crypto';
import { pgBackend } from '@sqh/backend-pg';
import { createSqh } from '@sqh/core';
import { resolvePostgres } from '@sqh/postgres-server';
import pg from 'pg';
import { GROUP, labResult, labRows, MODEL, median, seconds, withSpread } from './pg-bench-support.js';

// sqh.tenants against the SQL a platform would otherwise run itself, on one
// admin connection: provision / CREATE DATABASE (same options) + CREATE
// EXTENSION pg_trgm; deprovision / DROP DATABASE ... WITH (FORCE) of a database
// holding the same table and rows, after closing the connection to it;
// describe / count(*) of that table on an open connection. sqh and
// raw alternate tenant by tenant within each round, and each round's ratio is
// taken within the round. Targets: provision and deprovision <= 1.2x raw
// (the database work dominates; sqh adds a few catalog round trips).

const ROUNDS = 5;
const TENANTS = 4;
const ROWS = 1_000;
const TARGET = 1.2;

const server = await resolvePostgres();
const sqh = await createSqh({ plugins: [pgBackend({ url: server.url })], models: [labResult] });
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
const run = randomBytes(3).toString('hex');
const rawName = (round: number, n: number) => `sqh_bench_raw_${run}_${round}_${n}`;
const tenantOf = (round: number, n: number) => `lifebench${run}r${round}n${n}`;
const withTrigram = (
  await admin.query<{ found: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS found",
  )
).rows[0]?.found;

async function connect(database: string): Promise<pg.Client> {
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

async function onDatabase<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(database);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const ratios = { provision: [] as number[], describe: [] as number[], deprovision: [] as number[] };
const times = { provision: [] as number[], deprovision: [] as number[] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    const sqhTimes = { provision: [] as number[], describe: [] as number[], deprovision: [] as number[] };
    const rawTimes = { provision: [] as number[], describe: [] as number[], deprovision: [] as number[] };
    for (let n = 0; n < TENANTS; n++) {
      const tenant = tenantOf(round, n);
      const raw = rawName(round, n);
      sqhTimes.provision.push(await seconds(() => sqh.tenants.provision(tenant)));
      rawTimes.provision.push(
        await seconds(async () => {
          await admin.query(
            `CREATE DATABASE ${raw} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`,
          );
          if (withTrigram) await onDatabase(raw, (client) => client.query('CREATE EXTENSION pg_trgm'));
        }),
      );
      await sqh.records.batchCreate(tenant, GROUP, MODEL, labRows(ROWS), { returning: false });
      // Like sqh's pool, the raw side keeps a connection to the tenant database until it drops it.
      const client = await connect(raw);
      await client.query(
        'CREATE TABLE lab_result (id text PRIMARY KEY, station_code text, test_type text, value float8, valid boolean, created_at timestamptz, tags text[])',
      );
      await client.query(
        `INSERT INTO lab_result SELECT 'r' || g, 'ST1', 'ph', g, true, now(), ARRAY['routine'] FROM generate_series(1, ${ROWS}) g`,
      );
      sqhTimes.describe.push(await seconds(() => sqh.tenants.describe(tenant)));
      rawTimes.describe.push(await seconds(() => client.query('SELECT count(*) FROM lab_result')));
      sqhTimes.deprovision.push(await seconds(() => sqh.tenants.deprovision(tenant, { confirm: tenant })));
      rawTimes.deprovision.push(
        await seconds(async () => {
          await client.end();
          await admin.query(`DROP DATABASE IF EXISTS ${raw} WITH (FORCE)`);
        }),
      );
    }
    for (const step of ['provision', 'describe', 'deprovision'] as const) {
      ratios[step].push(median(sqhTimes[step]) / median(rawTimes[step]));
    }
    times.provision.push(median(sqhTimes.provision) * 1000);
    times.deprovision.push(median(sqhTimes.deprovision) * 1000);
  }
  console.log(
    `${ROUNDS} rounds of ${TENANTS} tenants, ${ROWS.toLocaleString('en')} rows each, pg_trgm ${withTrigram ? 'installed' : 'not offered'}`,
  );
  console.log(
    `provision   / CREATE DATABASE (+ extension): ${withSpread(ratios.provision)}  target <= ${TARGET}  (${withSpread(times.provision, 0)} ms)`,
  );
  console.log(
    `deprovision / DROP DATABASE WITH (FORCE):    ${withSpread(ratios.deprovision)}  target <= ${TARGET}  (${withSpread(times.deprovision, 0)} ms)`,
  );
  console.log(
    `describe    / count(*):                       ${withSpread(ratios.describe)}  (informational)`,
  );
} finally {
  for (let round = 0; round < ROUNDS; round++) {
    for (let n = 0; n < TENANTS; n++) {
      await admin.query(`DROP DATABASE IF EXISTS ${rawName(round, n)} WITH (FORCE)`);
      const tenant = tenantOf(round, n);
      await sqh.tenants.deprovision(tenant, { confirm: tenant });
    }
  }
  await admin.end();
  await sqh.close();
  await server.stop();
}
