import { ValidationError } from '@sqh/core/spi';
import { pgErrorCode } from './pg-error-mapping.js';
import { quoteIdentifier } from './sql-identifier.js';
import type { TenantEngine } from './tenant-engine.js';

/** Extension names as PostgreSQL ships them (pg_trgm, postgis, uuid-ossp); nothing else reaches SQL. */
const EXTENSION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

export function assertExtensionName(name: string): void {
  if (typeof name !== 'string' || !EXTENSION_NAME.test(name)) {
    throw new ValidationError(
      `${JSON.stringify(String(name).slice(0, 70))} is not an extension name: use lower-case letters, digits, '_' and '-', ` +
        'starting with a letter, at most 63 characters.',
      [{ path: ['extension'], message: 'invalid extension name' }],
    );
  }
}

/**
 * Installs `name` in the engine's database. False when the server does not offer
 * it (not listed in pg_available_extensions, or its files are incomplete); true
 * when it is installed, also when a concurrent session installed it first
 * (42710 duplicate_object, or 23505 when both inserted at the same moment).
 */
export async function installExtension(engine: TenantEngine, name: string): Promise<boolean> {
  return engine.withClient(async (client) => {
    const { rows } = await client.query<{ installed: string | null }>(
      'SELECT installed_version AS installed FROM pg_available_extensions WHERE name = $1',
      [name],
    );
    const available = rows[0];
    if (!available) return false;
    if (available.installed !== null) return true;
    try {
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      const code = pgErrorCode(error);
      if (code === '42710' || code === '23505') return true;
      // 58P01: the control file is there but the library or a script is not.
      if (code === '58P01') return false;
      throw error;
    }
  });
}
