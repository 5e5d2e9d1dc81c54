import { pgErrorCode, quoteIdentifier, type TableMapping, type TenantEngine } from '@sqh/backend-pg';
import pg from 'pg';

/** Server, user mapping and schema names in each tenant database (one per shared database). */
const LINK_PREFIX = 'sqh_fdw_';

/** Where the shared reference database is, as its own engine's connections see it. */
export interface SharedLocation {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password?: string;
}

/** Reads the location of the shared database from one of its engine's connections. */
export function sharedLocation(engine: TenantEngine): Promise<SharedLocation> {
  return engine.withClient(async (client) => {
    const { host, port, database, user, password } = client as unknown as pg.Client & { password?: unknown };
    return {
      host,
      port,
      database: database ?? engine.database,
      user: user ?? 'postgres',
      ...(typeof password === 'string' && password.length > 0 ? { password } : {}),
    };
  });
}

/**
 * postgres_fdw from a tenant database to the shared reference database: a
 * foreign server, a user mapping and a schema holding one foreign table per
 * shared table, created once per tenant database and table. Idempotent (IF NOT
 * EXISTS everywhere) and race-safe (a transaction-scoped advisory lock orders
 * concurrent creators, in this process or another). A foreign table whose
 * columns no longer match the shared table is imported again.
 */
export class FdwLink {
  readonly #linked = new Map<string, Promise<string>>();

  /** The schema-qualified foreign table of `mapping`, created on first use. */
  foreignTable(tenant: TenantEngine, shared: SharedLocation, mapping: TableMapping): Promise<string> {
    const key = `${tenant.database}/${shared.database}/${mapping.table}/${mapping.columns.map((c) => c.name).join(',')}`;
    let linked = this.#linked.get(key);
    if (!linked) {
      linked = link(tenant, shared, mapping);
      this.#linked.set(key, linked);
      linked.catch(() => {
        if (this.#linked.get(key) === linked) this.#linked.delete(key);
      });
    }
    return linked;
  }
}

async function link(tenant: TenantEngine, shared: SharedLocation, mapping: TableMapping): Promise<string> {
  const name = quoteIdentifier(`${LINK_PREFIX}${shared.database}`.slice(0, 63));
  const literal = pg.escapeLiteral;
  await tenant.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sqh.fdw.${shared.database}`]);
    await client.query('CREATE EXTENSION IF NOT EXISTS postgres_fdw');
    await client.query(
      `CREATE SERVER IF NOT EXISTS ${name} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ${literal(shared.host)}, port ${literal(String(shared.port))}, dbname ${literal(shared.database)})`,
    );
    const password = shared.password === undefined ? '' : `, password ${literal(shared.password)}`;
    await client.query(
      `CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER ${name} OPTIONS (user ${literal(shared.user)}${password})`,
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${name}`);
    const existing = await client.query<{ column_name: string }>(
      `SELECT a.attname AS column_name FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
      [`${LINK_PREFIX}${shared.database}`.slice(0, 63), mapping.table],
    );
    const have = new Set(existing.rows.map((row) => row.column_name));
    const current =
      mapping.columns.every((column) => have.has(column.name)) && have.size === mapping.columns.length;
    if (current) return;
    if (have.size > 0) await client.query(`DROP FOREIGN TABLE ${name}.${quoteIdentifier(mapping.table)}`);
    await client.query(
      `IMPORT FOREIGN SCHEMA public LIMIT TO (${quoteIdentifier(mapping.table)}) FROM SERVER ${name} INTO ${name}`,
    );
  });
  return `${name}.${quoteIdentifier(mapping.table)}`;
}

/** True when the server cannot offer postgres_fdw (not installed, or not allowed for this user). */
export function fdwUnavailable(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === '58P01' || code === '42501' || code === '0A000';
}
