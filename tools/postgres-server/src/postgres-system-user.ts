import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The account an embedded server runs as when we are root: PostgreSQL refuses to run as root. */
export const POSTGRES_SYSTEM_USER = 'postgres';

export interface SystemUser {
  readonly uid: number;
  readonly gid: number;
}

export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * As root: the uid/gid of the `postgres` system user, created when missing.
 * Otherwise undefined: the server runs as the current user.
 */
export async function serverUser(): Promise<SystemUser | undefined> {
  if (!runsAsRoot()) return undefined;
  const existing = await lookup();
  if (existing !== undefined) return existing;
  try {
    await run('groupadd', ['--force', POSTGRES_SYSTEM_USER]);
    await run('useradd', [
      '--system',
      '--gid',
      POSTGRES_SYSTEM_USER,
      '--no-create-home',
      POSTGRES_SYSTEM_USER,
    ]);
  } catch (error) {
    // Another starter may have created it at the same moment.
    if ((await lookup()) === undefined) {
      throw new Error(
        `Running as root, the embedded PostgreSQL needs a '${POSTGRES_SYSTEM_USER}' system user and it could not be created: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
  const created = await lookup();
  if (created === undefined)
    throw new Error(`The '${POSTGRES_SYSTEM_USER}' system user could not be found after creating it`);
  return created;
}

async function lookup(): Promise<SystemUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', POSTGRES_SYSTEM_USER]),
      run('id', ['-g', POSTGRES_SYSTEM_USER]),
    ]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}
