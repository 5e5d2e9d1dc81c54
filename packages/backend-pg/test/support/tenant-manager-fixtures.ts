import { randomBytes } from 'node:crypto';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import pg from 'pg';
import { inject } from 'vitest';
import {
  TenantDatabaseManager,
  type TenantDatabaseManagerOptions,
} from '../../src/tenant-database-manager.js';

/** URL of the PostgreSQL this run uses (SQH_PG_URL or the embedded server). */
export function pgUrl(): string {
  return inject('pgUrl');
}

/**
 * Tenant ids unique to one test file run, so files can run at the same time
 * against one server; every database they map to starts with `databasePrefix`.
 */
export class TestTenants {
  readonly #run = randomBytes(5).toString('hex');

  /** A tenant id of this run, e.g. `3f9a0c1b2d-acme`. */
  id(name: string): string {
    return `${this.#run}-${name}`;
  }

  /** The prefix of every database name of this run. */
  get databasePrefix(): string {
    return `sqh_tenant_${this.#run}`;
  }
}

/** Creates managers and closes every one of them in `closeAll`. */
export class ManagerPool {
  readonly #managers: TenantDatabaseManager[] = [];

  create(options: Partial<TenantDatabaseManagerOptions> = {}): TenantDatabaseManager {
    const manager = new TenantDatabaseManager({ url: pgUrl(), ...options });
    this.#managers.push(manager);
    return manager;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.#managers.splice(0).map((manager) => manager.close()));
  }
}

/** Runs statements as the server's admin, outside any manager. */
export async function adminQuery<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Names of the databases on the server that start with `prefix`. */
export async function databasesStartingWith(url: string, prefix: string): Promise<string[]> {
  const rows = await adminQuery<{ datname: string }>(
    url,
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
    [prefix],
  );
  return rows.map((row) => row.datname);
}

/** Drops every database starting with `prefix`, disconnecting whoever is still connected. */
export async function dropDatabasesStartingWith(url: string, prefix: string): Promise<void> {
  const names = await databasesStartingWith(url, prefix);
  // A few at a time: hundreds of databases one by one take a while.
  const lanes = Array.from({ length: 4 }, async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (let name = names.pop(); name !== undefined; name = names.pop()) {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      }
    } finally {
      await client.end();
    }
  });
  await Promise.all(lanes);
}
