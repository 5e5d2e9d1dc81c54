import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locatePostgresBinaries } from '../src/postgres-binaries.js';
import { runsAsRoot, serverUser } from '../src/postgres-system-user.js';

const checkout = realpathSync(fileURLToPath(new URL('../../..', import.meta.url)));

describe('the embedded PostgreSQL binaries', () => {
  it('are PostgreSQL programs that the account running the server can execute', async () => {
    const binaries = await locatePostgresBinaries();
    const user = await serverUser();

    for (const program of [binaries.postgres, binaries.initdb]) {
      const result = spawnSync(program, ['--version'], { ...user, encoding: 'utf8' });
      expect(result.error).toBeUndefined();
      expect(result.stdout).toMatch(/\(PostgreSQL\) 18\./);
    }
  });

  it('run, as root, from a copy outside the checkout, so a checkout under a private directory works', async () => {
    const binaries = await locatePostgresBinaries();

    // As root the server runs as `postgres`, which may not traverse the checkout's parents.
    // Otherwise the server runs as us, straight from node_modules.
    expect(realpathSync(binaries.postgres).startsWith(`${checkout}/`)).toBe(!runsAsRoot());
  });
});
