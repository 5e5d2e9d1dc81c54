import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Written after a successful initdb; its absence means the directory was never fully initialised. */
const MARKER_FILE = 'sqh-embedded.json';

/** Files that show a directory is (a part of) a PostgreSQL data directory. */
const POSTGRES_FILES = ['PG_VERSION', 'postgresql.conf', 'global', 'base'];

export interface DataDirectory {
  readonly path: string;
  /** Password of the `postgres` role (kept in the directory so a later start can reuse it). */
  readonly password: string;
  /** True when initdb must run before the first start. */
  readonly needsInit: boolean;
  /** True for a directory this process created and deletes when the server stops. */
  readonly temporary: boolean;
}

interface Marker {
  readonly password: string;
}

/**
 * Decides how to start on `dataDir`: reuse an initialised directory, initialise an
 * empty one, or wipe one that a previous initdb left half-done. A non-empty directory
 * that is not a PostgreSQL data directory is refused rather than wiped.
 */
export async function prepareDataDirectory(dataDir: string | undefined): Promise<DataDirectory> {
  if (dataDir === undefined) {
    // The directory itself is the data directory, directly under the (world-traversable)
    // temp directory: as root it is handed to the `postgres` user, who must reach it.
    const path = await mkdtemp(join(tmpdir(), 'sqh-postgres-'));
    return { path, password: newPassword(), needsInit: true, temporary: true };
  }
  const path = resolve(dataDir);
  const entries: string[] = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.includes(MARKER_FILE) && entries.includes('PG_VERSION')) {
    const marker = JSON.parse(await readFile(join(path, MARKER_FILE), 'utf8')) as Marker;
    return { path, password: marker.password, needsInit: false, temporary: false };
  }
  if (entries.length > 0) {
    if (!entries.some((entry) => POSTGRES_FILES.includes(entry))) {
      throw new Error(
        `Cannot use ${path} as an embedded PostgreSQL data directory: it is not empty and holds no PostgreSQL files. ` +
          'Pass an empty or new directory.',
      );
    }
    await rm(path, { recursive: true, force: true });
  }
  return { path, password: newPassword(), needsInit: true, temporary: false };
}

/** Marks the directory as fully initialised, with the password a later start needs. */
export async function markInitialised(directory: DataDirectory): Promise<void> {
  const marker: Marker = { password: directory.password };
  await writeFile(join(directory.path, MARKER_FILE), JSON.stringify(marker), { mode: 0o600 });
}

function newPassword(): string {
  return randomBytes(18).toString('hex');
}
