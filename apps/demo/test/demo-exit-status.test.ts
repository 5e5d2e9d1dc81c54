import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** `pnpm demo` as a newcomer runs it (the built app, embedded PostgreSQL), with `env` added. */
function runDemo(env: Record<string, string>): Promise<Run> {
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`pnpm build\` first (\`pnpm test\` does).`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, NO_COLOR: '1' };
  delete childEnv.SQH_PG_URL;
  delete childEnv.TERMINUSDB_URL;
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, [main], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

describe('the exit status of `pnpm demo`', () => {
  it('is non-zero when a scenario fails after the embedded PostgreSQL started', async () => {
    const port = await closedPort();

    const run = await runDemo({ TERMINUSDB_URL: `http://127.0.0.1:${port}`, SQH_DEMO_ROWS: '200' });

    expect(run.output).toContain('embedded PostgreSQL');
    expect(run.output).toContain('The demo stopped:');
    expect(run.code).toBe(1);
  });

  it('is 0 when every scenario succeeds, and the closing line says the TerminusDB was the emulator', async () => {
    const run = await runDemo({ SQH_DEMO_ROWS: '600' });

    expect(run.output).not.toContain('The demo stopped:');
    expect(run.output).toContain('TerminusDB was the in-process emulator');
    expect(run.output).not.toContain('Every store above was real');
    expect(run.code).toBe(0);
  }, 180_000);
});
