import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PG_BACKEND, pgBackend } from '@sqh/backend-pg';
import { createSqh, defineModel, type Sqh, StorageConfig } from '@sqh/core';
import { type PostgresServer, resolvePostgres } from '@sqh/postgres-server';
import pg from 'pg';
import pgCopyStreams from 'pg-copy-streams';
import { z } from 'zod';

// Shared by the PostgreSQL benchmarks: the lab-result shape of
// shared/reference/performance-baselines.md (text id, 2 text, double, boolean,
// timestamptz, text[]), a throw-away tenant database, and timing helpers.

export const GROUP = 'bench';
export const MODEL = 'LabResult';
export const TABLE = 'lab_result';

export const labResult = defineModel({
  group: GROUP,
  name: MODEL,
  storage: StorageConfig.postgresql({ highVolume: true }),
  schema: z.object({
    station_code: z.string(),
    test_type: z.string(),
    value: z.number(),
    valid: z.boolean(),
    created_at: z.date(),
    tags: z.array(z.string()),
  }),
});

/** A type alias (not an interface) so it is assignable to core's Record<string, unknown> input. */
export type LabRow = {
  readonly id: string;
  readonly station_code: string;
  readonly test_type: string;
  readonly value: number;
  readonly valid: boolean;
  readonly created_at: Date;
  readonly tags: string[];
};

const TEST_TYPES = ['ph', 'turbidity', 'chlorine', 'nitrate', 'lead', 'coliform', 'hardness', 'iron'];

export function labRows(count: number): LabRow[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `r${String(n).padStart(7, '0')}`,
    station_code: `ST${n % 500}`,
    test_type: TEST_TYPES[n % TEST_TYPES.length]!,
    value: (n % 1400) / 100,
    valid: n % 7 !== 0,
    created_at: new Date(Date.UTC(2024, 0, 1) + n * 60_000),
    tags: n % 3 === 0 ? ['routine', 'field'] : ['routine'],
  }));
}

export interface BenchEnvironment {
  readonly sqh: Sqh;
  readonly tenantId: string;
  /** A raw pg pool (one connection) on the tenant database, for the baselines. */
  readonly raw: pg.Pool;
  close(): Promise<void>;
}

/** What a hand-written COPY does: rows known to be free of tabs, newlines and backslashes go out as-is. */
function* copyText(rows: Iterable<LabRow>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += `${row.id}\t${row.station_code}\t${row.test_type}\t${row.value}\t${row.valid ? 't' : 'f'}\t${row.created_at.toISOString()}\t{${row.tags.join(',')}}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The raw baseline: `rows` streamed by hand through pg-copy-streams into the bench table. */
export async function rawCopy(env: BenchEnvironment, rows: Iterable<LabRow>): Promise<void> {
  const client = await env.raw.connect();
  try {
    const copy = client.query(
      pgCopyStreams.from(
        `COPY ${TABLE} (id, station_code, test_type, value, valid, created_at, tags) FROM STDIN`,
      ),
    );
    await pipeline(Readable.from(copyText(rows), { objectMode: false }), copy);
  } finally {
    client.release();
  }
}

/** A PostgreSQL (SQH_PG_URL or embedded), an sqh on it, and a fresh tenant database dropped on close. */
export async function openBenchEnvironment(): Promise<BenchEnvironment> {
  const server: PostgresServer = await resolvePostgres();
  const sqh = await createSqh({ plugins: [pgBackend({ url: server.url })], models: [labResult] });
  const tenantId = `bench${randomBytes(4).toString('hex')}`;
  await sqh.records.count(tenantId, GROUP, MODEL);
  const { manager } = sqh.get(PG_BACKEND);
  const url = new URL(server.url);
  url.pathname = `/${manager.databaseName(tenantId)}`;
  const raw = new pg.Pool({ connectionString: url.toString(), max: 1 });
  return {
    sqh,
    tenantId,
    raw,
    async close() {
      await raw.end();
      await manager.dropDatabase(tenantId);
      await sqh.close();
      await server.stop();
    },
  };
}

export async function seconds(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `median (min–max)` of values, e.g. per-round ratios: the spread says how much a figure can be trusted. */
export function withSpread(values: readonly number[], digits = 2): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(sorted).toFixed(digits)} (${sorted[0]!.toFixed(digits)}–${sorted[sorted.length - 1]!.toFixed(digits)})`;
}
