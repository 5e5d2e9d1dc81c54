import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL_VARIABLE, type PostgresServer, startEmbeddedPostgres } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/exit-status/', import.meta.url));
const totalsScript = fileURLToPath(new URL('../../../.ci/test-totals.mjs', import.meta.url));
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** `vitest run` over the fixture project in a child process, with SQH_PG_URL as given. */
function runFixture(
  files: readonly string[],
  pgUrl: string | undefined,
  extraEnv: Record<string, string> = {},
) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, CI: 'true', NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env[PG_URL_VARIABLE];
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  if (pgUrl !== undefined) env[PG_URL_VARIABLE] = pgUrl;
  const child = spawn(process.execPath, [vitestBin, 'run', '--root', fixture, ...files], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.once('close', (code) => resolve({ code, output })));
  return { child, done };
}

/** `node .ci/test-totals.mjs report status`, as .ci/run calls it. */
function runTotals(reportPath: string, status: string): Promise<Run> {
  const child = spawn(process.execPath, [totalsScript, reportPath, status], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe('a vitest run that uses the PostgreSQL global setup', () => {
  let configured: PostgresServer;

  beforeAll(async () => {
    configured = await startEmbeddedPostgres();
  });

  afterAll(async () => {
    await configured?.stop();
  });

  it('exits non-zero when a test fails next to one on an embedded PostgreSQL', async () => {
    const run = await runFixture(['failing', 'uses-postgres'], undefined).done;

    expect(run.output).toMatch(/Tests\s+1 failed \| 1 passed/);
    expect(run.code).not.toBe(0);
  });

  it(`exits non-zero when a test fails next to one on the server in ${PG_URL_VARIABLE}`, async () => {
    const run = await runFixture(['failing', 'uses-postgres'], configured.url).done;

    expect(run.output).toMatch(/Tests\s+1 failed \| 1 passed/);
    expect(run.code).not.toBe(0);
  });

  it("ends CI's log with the report's totals and fails it when a test failed", async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'sqh-exit-status-'));
    try {
      const reportPath = join(scratch, 'report.json');
      const run = await runFixture(
        [
          'failing',
          'uses-postgres',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${reportPath}`,
        ],
        configured.url,
      ).done;
      // Even if the runner's exit status said 0, the totals line must tell the truth.
      const totals = await runTotals(reportPath, '0');

      expect(run.code).not.toBe(0);
      expect(totals.output.trim().split('\n').at(-1)).toBe('tests: 1 passed, 1 failed');
      expect(totals.code).toBe(1);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('exits 0 when every test passes on an embedded PostgreSQL', async () => {
    const run = await runFixture(['uses-postgres'], undefined).done;

    expect(run.output).toMatch(/Tests\s+1 passed/);
    expect(run.code).toBe(0);
  });

  it('stops its embedded PostgreSQL and deletes its data when the run is killed', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'sqh-exit-status-'));
    const report = join(scratch, 'report.json');
    const { child, done } = runFixture(['hangs'], undefined, { SQH_FIXTURE_REPORT: report });
    try {
      expect(await eventually(() => existsSync(report), 90_000)).toBe(true);
      const server = JSON.parse(await readFile(report, 'utf8')) as {
        url: string;
        dataDir: string;
        workerPid: number;
      };
      expect(await answers(server.url)).toBe(true);
      expect(existsSync(server.dataDir)).toBe(true);

      child.kill('SIGKILL');
      await done;
      // The worker that ran the test is the runner's child, not ours: end it too.
      try {
        process.kill(server.workerPid, 'SIGKILL');
      } catch {
        // It went with its parent.
      }

      expect(await eventually(async () => !(await answers(server.url)), 30_000)).toBe(true);
      expect(await eventually(() => !existsSync(server.dataDir), 30_000)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
