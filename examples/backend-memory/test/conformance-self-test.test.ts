import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

interface JsonReport {
  readonly testResults: readonly {
    readonly assertionResults: readonly { readonly fullName: string; readonly status: string }[];
  }[];
}

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scope-ignoring');
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** Runs the conformance suite against a backend that ignores the access scope, in a child vitest. */
async function runAgainstScopeIgnoringBackend(): Promise<Map<string, string>> {
  const out = await mkdtemp(join(tmpdir(), 'sqh-conformance-self-test-'));
  try {
    const report = join(out, 'report.json');
    await new Promise<void>((resolve) => {
      // The child exits non-zero when the suite fails, which is the point: read the report.
      execFile(
        process.execPath,
        [vitestBin, 'run', '--root', fixture, '--reporter=json', `--outputFile=${report}`],
        { cwd: fixture, env: { ...process.env, CI: 'true' }, timeout: 300_000 },
        () => resolve(),
      );
    });
    const parsed = JSON.parse(await readFile(report, 'utf8')) as JsonReport;
    return new Map(
      parsed.testResults.flatMap((file) => file.assertionResults.map((test) => [test.fullName, test.status])),
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

it('the conformance suite fails a backend that ignores the access scope, on the scope cases', async () => {
  const results = await runAgainstScopeIgnoringBackend();
  const status = (name: string) =>
    [...results].find(([fullName]) => fullName.endsWith(name))?.[1] ?? `missing: ${name}`;
  expect(results.size).toBeGreaterThan(100);
  for (const leak of [
    'access scope (allowWhere) get returns null for a record outside the scope',
    'access scope (allowWhere) update of a record outside the scope throws NotFoundError and changes nothing',
    'access scope (allowWhere) delete of a record outside the scope returns false and keeps it',
  ]) {
    expect(status(leak), leak).toBe('failed');
  }
  // Everything that does not depend on the backend applying the scope still passes (list, count and
  // search get the scope inside their filter from core): the failures are the scope's.
  const failed = [...results].filter(([, result]) => result === 'failed').map(([name]) => name);
  expect(
    failed.every((name) => name.includes('access scope (allowWhere)')),
    failed.join('\n'),
  ).toBe(true);
}, 300_000);
