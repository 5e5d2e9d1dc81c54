import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PG_BACKEND, pgBackend } from '@sqh/backend-pg';
import { createSqh, defineModel, StorageConfig } from '@sqh/core';
import { resolvePostgres } from '@sqh/postgres-server';
import pg from 'pg';
import { z } from 'zod';
import { seconds, withSpread } from './pg-bench-support.js';

// SQH_BENCH_TENANTS tenants (default 2,000), each with its own database, served
// round-robin by 50 concurrent callers through the record service of one sqh whose
// global connection budget is 20, on a server with max_connections = 100
// (SQH_PG_URL or embedded). Round-robin over far more tenants than connections is
// the worst case for any pool: almost every visit finds its tenant without a
// connection, so the budget closes the least recently used idle one and opens another.
// Targets: 0 errors, peak connections <= budget, record service >= 0.95x raw.
//
// A visit is three record calls (get, list, update). Baseline, same run, same callers
// and tenants: what a user could write instead within the same limit, raw `pg` with a
// new connection per visit running the same three statements, a semaphore of 20.
// Rounds alternate which side goes first; ratios are taken per round.

const TENANTS = positiveFromEnv('SQH_BENCH_TENANTS', 2_000);
const ROUNDS = positiveFromEnv('SQH_BENCH_TENANT_ROUNDS', 3);
const BUDGET = 20;
const PER_DATABASE = 5;
const CALLERS = 50;
const SAMPLE_EVERY_MS = 10;
const GROUP = 'scale';

const Item = defineModel({
  group: GROUP,
  name: 'Item',
  storage: StorageConfig.postgresql(),
  schema: z.object({ name: z.string(), n: z.number().int() }),
});
const ITEMS = Array.from({ length: 10 }, (_, n) => ({ id: `i${n + 1}`, name: `item ${n + 1}`, n: n + 1 }));

const RAW_VISIT: readonly (readonly [string, unknown[]])[] = [
  ['SELECT id, name, n FROM item WHERE id = $1', ['i7']],
  ['SELECT id, name, n FROM item WHERE n >= $1 ORDER BY id LIMIT 5', [5]],
  ['UPDATE item SET name = $2 WHERE id = $1 RETURNING id, name, n', ['i3', 'visited']],
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
const sqh = await createSqh({
  plugins: [
    pgBackend({ url: server.url, connectionBudget: BUDGET, maxConnectionsPerDatabase: PER_DATABASE }),
  ],
  models: [Item],
});
const { manager } = sqh.get(PG_BACKEND);
const prefix = manager.databaseName(`scale${run}`);
const adminDatabase = new URL(server.url).pathname.slice(1) || 'postgres';
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
const errors: unknown[] = [];

// Interrupted (Ctrl-C, kill): still drop every database this run created.
let cleaning: Promise<void> | undefined;
const cleanUp = (): Promise<void> => {
  cleaning ??= (async () => {
    await sqh.close().catch(() => undefined);
    await dropDatabases();
    await admin.end().catch(() => undefined);
    await server.stop();
  })();
  return cleaning;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: dropping the databases of this run (${prefix}*) before exiting...`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  const { rows } = await admin.query<{ max: string }>(`SELECT current_setting('max_connections') AS max`);
  const maxConnections = Number(rows[0]!.max);
  const heapBefore = heapAfterCollection();

  const creating = sampleServerConnections();
  let created = 0;
  const createSeconds = await seconds(() =>
    eachConcurrently(tenantIds, async (tenant) => {
      await sqh.records.batchCreate(tenant, GROUP, 'Item', ITEMS, { returning: false });
      if (++created % 500 === 0) console.error(`  created ${created}/${TENANTS} tenant databases`);
    }),
  );
  const createPeak = await creating.stop();

  const before = manager.connectionBudgetStatus();
  const sqhVisitMs: number[] = [];
  const rawVisitMs: number[] = [];
  const sqhRates: number[] = [];
  const rawRates: number[] = [];
  const ratios: number[] = [];
  let serverPeak = { ours: 0, all: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const sides = [
      async () => {
        const sampler = sampleServerConnections();
        const took = await seconds(() => eachConcurrently(tenantIds, recordServiceVisit(sqhVisitMs)));
        const peak = await sampler.stop();
        serverPeak = { ours: Math.max(serverPeak.ours, peak.ours), all: Math.max(serverPeak.all, peak.all) };
        sqhRates.push(TENANTS / took);
      },
      async () => {
        const took = await seconds(() => eachConcurrently(tenantIds, rawVisit(rawVisitMs)));
        rawRates.push(TENANTS / took);
      },
    ];
    if (round % 2 === 1) sides.reverse();
    for (const side of sides) await side();
    ratios.push(sqhRates[round]! / rawRates[round]!);
    console.error(
      `  round ${round + 1}/${ROUNDS}: record service ${sqhRates[round]!.toFixed(0)} visits/s, raw ${rawRates[round]!.toFixed(0)} visits/s`,
    );
  }
  const status = manager.connectionBudgetStatus();
  // Every tenant has been served and is now idle: what sqh keeps per tenant (engines,
  // pools, cached database/extension/schema state; at most BUDGET open connections).
  const perIdleTenantBytes = (heapAfterCollection() - heapBefore) / TENANTS;
  const visits = ROUNDS * TENANTS;

  console.log(
    `server: ${server.source === 'embedded' ? 'embedded PostgreSQL' : 'SQH_PG_URL'}, max_connections ${maxConnections}`,
  );
  console.log(
    `tenants ${TENANTS} (SQH_BENCH_TENANTS), concurrent callers ${CALLERS}, budget ${BUDGET}, per database ${PER_DATABASE}, rounds ${ROUNDS}`,
  );
  console.log(
    `errors: ${errors.length} (target 0)${errors.length > 0 ? `; first: ${String(errors[0])}` : ''}`,
  );
  console.log(
    `peak open connections (client side, the budget's count): ${status.peak}, budget ${BUDGET}, max_connections ${maxConnections}`,
  );
  console.log(
    `peak sqh connections seen by the server (pg_stat_activity every ${SAMPLE_EVERY_MS} ms): serving ${serverPeak.ours}, ` +
      `creating databases ${createPeak.ours}; client backends in all ${Math.max(serverPeak.all, createPeak.all)} (the sampler's own included)`,
  );
  console.log(
    `budget: ${status.leases} leases (while serving: ${((status.leases - before.leases) / (visits * 3)).toFixed(2)} per record call, ${((status.opened - before.opened) / visits).toFixed(2)} connections opened per visit), ` +
      `${status.queuedForBudget} connection requests queued because the budget was full, ${status.leaseTimeouts} lease timeouts, ` +
      `${status.cachedEngines} engines cached`,
  );
  console.log(
    `create: ${TENANTS} databases, each with a table of 10 rows (sqh.records.batchCreate), in ${createSeconds.toFixed(1)} s (${(TENANTS / createSeconds).toFixed(0)}/s)`,
  );
  console.log(
    `record service (get + list + update per visit): ${withSpread(sqhRates, 0)} visits/s, ` +
      `visit p50 ${ms(percentile(sqhVisitMs, 50))}, p99 ${ms(percentile(sqhVisitMs, 99))}`,
  );
  console.log(
    `raw pg, a new connection per visit, ${BUDGET} at most: ${withSpread(rawRates, 0)} visits/s, ` +
      `visit p50 ${ms(percentile(rawVisitMs, 50))}, p99 ${ms(percentile(rawVisitMs, 99))}`,
  );
  console.log(
    `  throughput record service / raw: ${withSpread(ratios)} (median (min–max) of per-round ratios; target >= 0.95)`,
  );
  console.log(
    `memory held per idle tenant (JS heap after collection, ${TENANTS} tenants served): ${(perIdleTenantBytes / 1024).toFixed(1)} KB`,
  );
  const dropSeconds = await seconds(dropDatabases);
  console.log(`drop: ${TENANTS} databases in ${dropSeconds.toFixed(1)} s`);
} finally {
  await cleanUp();
}

function recordServiceVisit(latencies: number[]): (tenant: string) => Promise<void> {
  return async (tenant) => {
    const start = performance.now();
    await sqh.records.get(tenant, GROUP, 'Item', 'i7');
    await sqh.records.list(tenant, GROUP, 'Item', { filters: { n: { $gte: 5 } }, orderBy: ['id'], limit: 5 });
    await sqh.records.update(tenant, GROUP, 'Item', 'i3', { name: 'visited' });
    latencies.push(performance.now() - start);
  };
}

function rawVisit(latencies: number[]): (tenant: string) => Promise<void> {
  const gate = new Semaphore(BUDGET);
  return async (tenant) => {
    const start = performance.now();
    await gate.acquire();
    const client = new pg.Client({ connectionString: databaseUrl(manager.databaseName(tenant)) });
    try {
      await client.connect();
      for (const [text, values] of RAW_VISIT) await client.query(text, values);
    } finally {
      await client.end();
      gate.release();
    }
    latencies.push(performance.now() - start);
  };
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

/** Drops every database of this run (its own prefix only), on a fresh connection if the admin one is gone. */
async function dropDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function positiveFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got '${text}'.`);
  return value;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
