// The consumer test: pack every publishable package, install the tarballs into fresh
// projects outside the workspace (npm and pnpm), type-check them strictly with
// skipLibCheck false, run the README examples and a third-party backend's conformance
// run, require() every entry from CommonJS, and check zod's lower bound and the zod 3
// message. It fails when any of that regresses.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { manifestProblems } from './manifest-checks.mjs';
import { run, step } from './shell.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const here = join(repo, '.ci/consumer/files');
const tsc = join(repo, 'node_modules/.bin/tsc');
/** zod's lowest supported version: the peer range's floor, installed in the PostgreSQL project. */
const ZOD_FLOOR = '4.0.0';
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
const PNPM_FLAGS = ['--prefer-offline', '--reporter=silent', '--config.auto-install-peers=true'];

const work = mkdtempSync(join(tmpdir(), 'sqh-consumer-'));
const cleanups = [];

async function main() {
  const tarballs = await step('pack every publishable package', () => packAll());
  await step('packed manifests: peers, exports, engines, repository, LICENSE, install line, maps', () =>
    checkManifests(tarballs),
  );
  const pg = await import(join(repo, 'tools/postgres-server/dist/index.js'));
  const server = await pg.resolvePostgres();
  cleanups.push(() => server.stop());
  const emulator = process.env.TERMINUSDB_URL
    ? undefined
    : await (await import(join(repo, 'tools/terminusdb-emulator/dist/index.js'))).startEmulator({ port: 0 });
  if (emulator) cleanups.push(() => emulator.close());
  const terminusUrl = process.env.TERMINUSDB_URL ?? emulator.url;

  await step(
    `npm, PostgreSQL only, zod ${ZOD_FLOOR}: strict tsc, README examples of core and backend-pg, require()`,
    () => postgresProject(tarballs, server.url),
  );
  await step('pnpm, TerminusDB only: strict tsc, README example of backend-terminus, require()', () =>
    terminusProject(tarballs, terminusUrl),
  );
  await step('npm, third-party backend from the SPI alone: strict tsc, @sqh/conformance on vitest 4', () =>
    pluginProject(tarballs),
  );
  await step('pnpm, every package: strict tsc over every entry, require() of every entry', () =>
    everyPackageProject(tarballs),
  );
  await step('npm, zod 3: defineModel says zod 4 is required', () => zod3Project(tarballs));
}

async function packAll() {
  const out = join(work, 'tarballs');
  mkdirSync(out);
  const tarballs = {};
  for (const entry of readdirSync(join(repo, 'packages'))) {
    const dir = join(repo, 'packages', entry);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const before = new Set(readdirSync(out));
    await run('pnpm', ['pack', '--pack-destination', out], { cwd: dir });
    const [file] = readdirSync(out).filter((name) => !before.has(name));
    tarballs[manifest.name] = join(out, file);
  }
  return tarballs;
}

async function checkManifests(tarballs) {
  const problems = [];
  for (const tarball of Object.values(tarballs)) {
    const dir = mkdtempSync(join(work, 'unpacked-'));
    await run('tar', ['-xzf', tarball, '-C', dir]);
    const files = (await run('tar', ['-tzf', tarball])).output
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    problems.push(...manifestProblems(join(dir, 'package'), files));
  }
  if (problems.length)
    throw new Error(`Packed packages are not installable as published:\n- ${problems.join('\n- ')}`);
}

/** A fresh project outside the workspace with this package.json, tsconfig and files. */
function project(name, files = {}) {
  const dir = join(work, name);
  mkdirSync(dir);
  // pnpm refuses dependencies' install scripts unless allowed (vitest needs esbuild's).
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'allowBuilds:\n  esbuild: true\n');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }),
  );
  cpSync(join(here, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** The first ```ts block of a package README, with its tenant ids made unique to this run. */
function readmeExample(pkg, tenants) {
  const readme = readFileSync(join(repo, 'packages', pkg, 'README.md'), 'utf8');
  let code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error(`packages/${pkg}/README.md has no \`\`\`ts example`);
  for (const [literal, unique] of Object.entries(tenants)) {
    if (!code.includes(`'${literal}'`))
      throw new Error(`packages/${pkg}/README.md no longer uses tenant '${literal}'`);
    code = code.replaceAll(`'${literal}'`, `'${unique}'`);
  }
  return code;
}

const suffix = Math.random().toString(16).slice(2, 10);
const uniqueTenant = (label) => `consumer-${suffix}-${label}`;

async function typecheckAndBuild(dir) {
  await run(tsc, ['-p', 'tsconfig.json'], { cwd: dir });
}

async function dropPostgresTenants(url, tenants) {
  const { tenantDatabaseName } = await import(join(repo, 'packages/core/dist/spi.js'));
  const pgModule = await import(join(repo, 'packages/backend-pg/node_modules/pg/lib/index.js'));
  const client = new pgModule.default.Client({ connectionString: url });
  await client.connect();
  try {
    for (const tenant of tenants) {
      const name = tenantDatabaseName(tenant).replaceAll('"', '""');
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

async function postgresProject(tarballs, url) {
  const tenants = { 'tenant-123': uniqueTenant('core'), 'acme-water': uniqueTenant('pg') };
  let dropped;
  // Dropping a database waits for a checkpoint; start it when the examples are done, await it at the end.
  cleanups.push(() => dropped ?? dropPostgresTenants(url, Object.values(tenants)));
  const dir = project('postgres-npm', {
    'src/core-readme.ts': readmeExample('core', { 'tenant-123': tenants['tenant-123'] }),
    'src/backend-pg-readme.ts': readmeExample('backend-pg', { 'acme-water': tenants['acme-water'] }),
  });
  await run(
    'npm',
    [
      'install',
      ...NPM_FLAGS,
      tarballs['@sqh/core'],
      tarballs['@sqh/backend-pg'],
      `zod@${ZOD_FLOOR}`,
      '@types/node@^20',
    ],
    { cwd: dir },
  );
  await assertSingleCopy(dir, 'zod', ZOD_FLOOR);
  await typecheckAndBuild(dir);
  const env = { SQH_PG_URL: url };
  try {
    for (const example of ['core-readme', 'backend-pg-readme']) {
      await run('node', [`out/${example}.js`], { cwd: dir, env });
    }
  } finally {
    dropped = dropPostgresTenants(url, Object.values(tenants));
    dropped.catch(() => undefined); // reported when awaited among the cleanups
  }
  await requireCheck(dir, ['@sqh/core', '@sqh/core/spi', '@sqh/backend-pg']);
}

/** On a real TerminusDB server (TERMINUSDB_URL), the README example's database is ours to delete. */
async function dropTerminusTenant(url, tenant) {
  const { tenantDatabaseName } = await import(join(repo, 'packages/core/dist/spi.js'));
  const organization = process.env.TERMINUSDB_ORG ?? 'admin';
  const user = process.env.TERMINUSDB_USER ?? 'admin';
  const key = process.env.TERMINUSDB_KEY ?? process.env.TERMINUSDB_PASSWORD ?? 'root';
  await fetch(`${url}/api/db/${organization}/${tenantDatabaseName(tenant)}`, {
    method: 'DELETE',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}` },
  });
}

async function terminusProject(tarballs, url) {
  const tenant = uniqueTenant('terminus');
  if (process.env.TERMINUSDB_URL) cleanups.push(() => dropTerminusTenant(url, tenant));
  const dir = project('terminus-pnpm', {
    'src/backend-terminus-readme.ts': readmeExample('backend-terminus', { acme: tenant }),
  });
  await run(
    'pnpm',
    [
      'add',
      ...PNPM_FLAGS,
      tarballs['@sqh/core'],
      tarballs['@sqh/backend-terminus'],
      'zod@^4',
      '@types/node@^20',
    ],
    { cwd: dir },
  );
  if (existsSync(join(dir, 'node_modules/pg'))) throw new Error('a TerminusDB-only install pulled in pg');
  await typecheckAndBuild(dir);
  await run('node', ['out/backend-terminus-readme.js'], { cwd: dir, env: { TERMINUSDB_URL: url } });
  await requireCheck(dir, ['@sqh/core', '@sqh/core/spi', '@sqh/backend-terminus']);
}

async function pluginProject(tarballs) {
  const dir = project('plugin-npm');
  cpSync(join(repo, 'examples/backend-memory/src'), join(dir, 'src'), { recursive: true });
  cpSync(
    join(repo, 'examples/backend-memory/test/conformance.test.ts'),
    join(dir, 'test/conformance.test.ts'),
  );
  cpSync(join(here, 'tsconfig.plugin.json'), join(dir, 'tsconfig.json'));
  await run(
    'npm',
    [
      'install',
      ...NPM_FLAGS,
      tarballs['@sqh/core'],
      tarballs['@sqh/conformance'],
      'zod@^4',
      'vitest@^4',
      '@types/node@^20',
    ],
    { cwd: dir },
  );
  await assertSingleCopy(dir, '@sqh/core');
  await typecheckAndBuild(dir);
  const { output: colored } = await run('npx', ['vitest', 'run', '--reporter=dot'], { cwd: dir });
  const output = stripVTControlCharacters(colored);
  const passed = /Tests\s+(\d+) passed/.exec(output)?.[1];
  if (!passed || /\d+ failed/.test(output))
    throw new Error(`conformance did not pass:\n${output.slice(-4000)}`);
  console.log(
    `       conformance: ${passed} cases passed on ${/vitest\/(\S+)/.exec((await run('npx', ['vitest', '--version'], { cwd: dir })).output)?.[1] ?? 'vitest'}`,
  );
}

async function everyPackageProject(tarballs) {
  const names = Object.keys(tarballs).sort();
  const entries = (await Promise.all(names.map((name) => entryPoints(tarballs[name], name)))).flat();
  const dir = project('every-package-pnpm', {
    'src/every-entry.ts':
      entries.map((entry, n) => `import * as entry${n} from '${entry}';`).join('\n') +
      `\nconsole.log([${entries.map((_, n) => `entry${n}`).join(', ')}].map((m) => Object.keys(m).length));\n`,
  });
  await run(
    'pnpm',
    [
      'add',
      ...PNPM_FLAGS,
      ...names.map((name) => tarballs[name]),
      'zod@^4',
      'vitest@^3.2.0',
      '@types/node@^20',
    ],
    { cwd: dir },
  );
  await typecheckAndBuild(dir);
  // @sqh/conformance is loaded by vitest, which refuses to be loaded outside a test run.
  await requireCheck(
    dir,
    entries.filter((entry) => entry !== '@sqh/conformance'),
  );
}

async function zod3Project(tarballs) {
  const dir = project('zod3-npm', { 'zod3-check.mjs': readFileSync(join(here, 'zod3-check.mjs'), 'utf8') });
  await run('npm', ['install', ...NPM_FLAGS, '--legacy-peer-deps', tarballs['@sqh/core'], 'zod@^3'], {
    cwd: dir,
  });
  await run('node', ['zod3-check.mjs'], { cwd: dir });
}

/** `name` plus each subpath its packed manifest exports (`@sqh/core/spi`). */
async function entryPoints(tarball, name) {
  const manifest = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'])).output);
  return Object.keys(manifest.exports ?? { '.': null }).map((subpath) => name + subpath.slice(1));
}

/** Runs files/require-check.cjs in `dir`: require() of each entry from CommonJS. */
function requireCheck(dir, entries) {
  cpSync(join(here, 'require-check.cjs'), join(dir, 'require-check.cjs'));
  return run('node', ['require-check.cjs', JSON.stringify(entries)], { cwd: dir });
}

/** Fails when npm nested a second copy of `name` (or installed another version than `version`). */
async function assertSingleCopy(dir, name, version) {
  const { output } = await run('npm', ['ls', name, '--all', '--parseable', '--long'], {
    cwd: dir,
    allowFailure: true,
  });
  const copies = output.split('\n').filter((line) => line.includes(`/node_modules/${name}:`));
  if (copies.length !== 1)
    throw new Error(`expected one copy of ${name}, found:\n${copies.join('\n') || output}`);
  if (version && !copies[0].endsWith(`${name}@${version}`))
    throw new Error(`expected ${name}@${version}, got ${copies[0]}`);
}

try {
  await main();
  console.log('consumer test: every check passed');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((e) => console.error('cleanup:', e.message));
  if (!process.exitCode) rmSync(work, { recursive: true, force: true });
  else console.error(`projects kept for inspection in ${work}`);
}
