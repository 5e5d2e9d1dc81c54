import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TenantDatabaseManager } from '@sqh/backend-pg';
import { resolvePostgres } from '@sqh/postgres-server';
import pg from 'pg';

// 2,000 tenants, each with its own database, served round-robin by 50 concurrent
// callers through one TenantDatabaseManager whose global budget is 20
// connections, on a server with max_connections = 100 (SQH_PG_URL or embedded).
// Round-robin over far more tenants than connections is the worst case for any
// pool: almost every visit finds its tenant without a connection, so the budget
// closes the least recently used idle one and opens another. Target: 0 errors,
// peak open connections <= budget.
//
// A visit is getEngine + 3 statements, run as the backend runs them (one pooled
// engine.query each, the connection going back to the budget in between) and,
// in one more round, on one connection held for the visit (engine.withClient).
// Baseline, same run, same callers and tenants: what a user could write instead
// within the same limit, raw `pg` with a new connection per visit and a
// semaphore of 20. The warm single-connection statement is the physical floor.

const TENANTS = 2_000;
const BUDGET = 20;
const PER_DATABASE = 5;
const CALLERS = 50;
const ROUNDS = 3;
const WARM_QUERIES = 2_000;
const SAMPLE_EVERY_MS = 10;

type Statement = readonly [text: string, values: readonly unknown[]];

const VISIT: readonly Statement[] = [
  ['SELECT count(*)::int AS items FROM item', []],
  ['SELECT name FROM item WHERE id = $1', [7]],
  ['UPDATE item SET name = $2 WHERE id = $1', [3, 'visited']],
];

/** At most `size` holders at once; the rest wait in arrival order. */
class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async acquire(): Promise<void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}

// A full collection before each heap reading, so the difference is what stays reachable.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function heapAfterCollection(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const server = await resolvePostgres();
const run = randomBytes(4).toString('hex');
const tenantIds = Array.from({ length: TENANTS }, (_, n) => `scale${run}-${n}`);
const manager = new TenantDatabaseManager({
  url: server.url,
  connectionBudget: BUDGET,
  maxConnectionsPerDatabase: PER_DATABASE,
});
const prefix = manager.databaseName(`scale${run}`);
const adminDatabase = new URL(server.url).pathname.slice(1) || 'postgres';
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
const errors: unknown[] = [];

try {
  const { rows } = await admin.query<{ max: string }>(`SELECT current_setting('max_connections') AS max`);
  const maxConnections = Number(rows[0]!.max);
  const sampler = sampleServerConnections();
  const heapBefore = heapAfterCollection();

  const createSeconds = await seconds(() =>
    eachConcurrently(tenantIds, async (tenant) => {
      const engine = await manager.getEngine(tenant);
      await engine.query('CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)');
      await engine.query(`INSERT INTO item SELECT n, 'item ' || n FROM generate_series(1, 10) AS n`);
    }),
  );

  const queryMs: number[] = [];
  const visitMs: number[] = [];
  const serveSeconds = await seconds(async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await eachConcurrently(tenantIds, async (tenant) => {
        const visitStart = performance.now();
        const engine = await manager.getEngine(tenant);
        for (const [text, values] of VISIT) {
          const start = performance.now();
          await engine.query(text, values);
          queryMs.push(performance.now() - start);
        }
        visitMs.push(performance.now() - visitStart);
      });
    }
  });
  // The same visits holding one connection each (engine.withClient), like the raw baseline does.
  const heldVisitMs: number[] = [];
  const heldSeconds = await seconds(() =>
    eachConcurrently(tenantIds, async (tenant) => {
      const start = performance.now();
      const engine = await manager.getEngine(tenant);
      await engine.withClient(async (client) => {
        for (const [text, values] of VISIT) await client.query(text, [...values]);
      });
      heldVisitMs.push(performance.now() - start);
    }),
  );
  const serverPeak = await sampler.stop();
  const managerPeak = manager.peakConnections();
  // Every tenant has been served and is now idle: what the manager keeps per tenant
  // (engine, pool, cached database and extension promises; at most BUDGET open connections).
  const perIdleTenantBytes = (heapAfterCollection() - heapBefore) / TENANTS;
  await manager.close();

  const raw = await rawConnectionPerVisit();
  const warmMs = await rawWarmQueries(databaseUrl(manager.databaseName(tenantIds[0]!)));
  const dropSeconds = await seconds(dropDatabases);

  const visits = visitMs.length;
  const sqhVisitsPerSecond = visits / serveSeconds;
  const heldVisitsPerSecond = heldVisitMs.length / heldSeconds;
  const rawVisitsPerSecond = raw.visitMs.length / raw.seconds;
  console.log(
    `server: ${server.source === 'embedded' ? 'embedded PostgreSQL' : 'SQH_PG_URL'}, max_connections ${maxConnections}`,
  );
  console.log(
    `tenants ${TENANTS}, concurrent callers ${CALLERS}, budget ${BUDGET}, per database ${PER_DATABASE}, rounds ${ROUNDS}`,
  );
  console.log(
    `errors: ${errors.length} (target 0)${errors.length > 0 ? `; first: ${String(errors[0])}` : ''}`,
  );
  console.log(
    `peak open connections (manager): ${managerPeak}, budget ${BUDGET}, max_connections ${maxConnections}`,
  );
  console.log(
    `peak seen by the server (pg_stat_activity every ${SAMPLE_EVERY_MS} ms): ${serverPeak.ours} sqh connections, ` +
      `${serverPeak.all} client backends in all (the sampler's own included)`,
  );
  console.log(
    `create: ${TENANTS} databases, each with a table of 10 rows, in ${createSeconds.toFixed(1)} s (${(TENANTS / createSeconds).toFixed(0)}/s)`,
  );
  console.log(
    `serve, a pooled engine.query per statement (as the backend does): ${visits} visits in ${serveSeconds.toFixed(1)} s, ` +
      `${sqhVisitsPerSecond.toFixed(0)} visits/s, ${(queryMs.length / serveSeconds).toFixed(0)} statements/s`,
  );
  console.log(`  statement latency p50 ${ms(percentile(queryMs, 50))}, p99 ${ms(percentile(queryMs, 99))}`);
  console.log(`  visit latency     p50 ${ms(percentile(visitMs, 50))}, p99 ${ms(percentile(visitMs, 99))}`);
  console.log(
    `serve, one engine.withClient per visit: ${heldVisitsPerSecond.toFixed(0)} visits/s, ` +
      `visit p50 ${ms(percentile(heldVisitMs, 50))}, p99 ${ms(percentile(heldVisitMs, 99))}`,
  );
  console.log(
    `raw pg, a new connection per visit, ${BUDGET} at most: ${rawVisitsPerSecond.toFixed(0)} visits/s, ` +
      `visit p50 ${ms(percentile(raw.visitMs, 50))}, p99 ${ms(percentile(raw.visitMs, 99))}`,
  );
  console.log(
    `  throughput vs raw: engine.query ${(sqhVisitsPerSecond / rawVisitsPerSecond).toFixed(2)}x, ` +
      `engine.withClient ${(heldVisitsPerSecond / rawVisitsPerSecond).toFixed(2)}x`,
  );
  console.log(
    `memory held per idle tenant (JS heap after collection, ${TENANTS} tenants served): ${(perIdleTenantBytes / 1024).toFixed(1)} KB`,
  );
  console.log(`physical floor: one statement on a warm raw pg connection, p50 ${ms(percentile(warmMs, 50))}`);
  console.log(`drop: ${TENANTS} databases in ${dropSeconds.toFixed(1)} s`);
} finally {
  await manager.close();
  await dropDatabases();
  await admin.end();
  await server.stop();
}

/** Runs `work` for every item, CALLERS at a time, in order (round-robin); failures are counted, not fatal. */
async function eachConcurrently(
  items: readonly string[],
  work: (item: string) => Promise<void>,
): Promise<void> {
  let next = 0;
  const caller = async (): Promise<void> => {
    for (let at = next++; at < items.length; at = next++) {
      await work(items[at]!).catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
}

/** One round of the same visits through raw pg: a new connection per visit, at most BUDGET at once. */
async function rawConnectionPerVisit(): Promise<{ seconds: number; visitMs: number[] }> {
  const visitMs: number[] = [];
  const gate = new Semaphore(BUDGET);
  const took = await seconds(() =>
    eachConcurrently(tenantIds, async (tenant) => {
      const start = performance.now();
      await gate.acquire();
      const client = new pg.Client({ connectionString: databaseUrl(manager.databaseName(tenant)) });
      try {
        await client.connect();
        for (const [text, values] of VISIT) await client.query(text, [...values]);
      } finally {
        await client.end();
        gate.release();
      }
      visitMs.push(performance.now() - start);
    }),
  );
  return { seconds: took, visitMs };
}

async function rawWarmQueries(url: string): Promise<number[]> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('SELECT 1');
    const latencies: number[] = [];
    for (let n = 0; n < WARM_QUERIES; n++) {
      const start = performance.now();
      await pool.query('SELECT name FROM item WHERE id = $1', [7]);
      latencies.push(performance.now() - start);
    }
    return latencies;
  } finally {
    await pool.end();
  }
}

/** Highest connection counts in pg_stat_activity, polled on the admin connection (outside the budget). */
function sampleServerConnections(): { stop(): Promise<{ ours: number; all: number }> } {
  const peak = { ours: 0, all: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await admin.query<{ ours: number; all: number }>(
        `SELECT count(*) FILTER (WHERE application_name = 'sqh' AND (starts_with(datname, $1) OR datname = $2))::int AS ours,
                count(*)::int AS all
           FROM pg_stat_activity WHERE backend_type = 'client backend'`,
        [prefix, adminDatabase],
      );
      peak.ours = Math.max(peak.ours, rows[0]!.ours);
      peak.all = Math.max(peak.all, rows[0]!.all);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

function databaseUrl(database: string): string {
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropDatabases(): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
    [prefix],
  );
  for (const { datname } of rows)
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
