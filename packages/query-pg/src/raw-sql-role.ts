import { pgErrorCode, quoteIdentifier, type TenantEngine } from '@sqh/backend-pg';
import { ConfigurationError } from '@sqh/core/spi';

/**
 * The role raw SQL runs as (`SET LOCAL ROLE` inside its read-only transaction):
 * it can log in nowhere and holds SELECT on exactly the model tables raw SQL has
 * been allowed to read, so even a statement that slipped past the parse-tree
 * checks cannot read other tables, call superuser-only functions or write.
 */
export const RAW_SQL_ROLE = 'sqh_raw_sql_reader';

/** Creates the role and grants SELECT on tables, once per table per database, race-safely. */
export class RawSqlRole {
  readonly #granted = new Map<string, Promise<void>>();

  async grantSelect(engine: TenantEngine, tables: readonly string[]): Promise<void> {
    await Promise.all(tables.map((table) => this.#grant(engine, table)));
  }

  #grant(engine: TenantEngine, table: string): Promise<void> {
    const key = `${engine.database}/${table}`;
    let granted = this.#granted.get(key);
    if (!granted) {
      granted = remembered(
        engine.transaction(async (client) => {
          // Roles are cluster-wide and concurrent GRANTs fail ("tuple concurrently updated"):
          // one session at a time, across processes.
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [RAW_SQL_ROLE]);
          const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [RAW_SQL_ROLE]);
          if (role.rowCount === 0) {
            // Advisory locks are per database: a session in another tenant database may create it first.
            await client.query('SAVEPOINT create_role');
            try {
              await client.query(`CREATE ROLE ${quoteIdentifier(RAW_SQL_ROLE)} NOLOGIN`);
            } catch (error) {
              const code = pgErrorCode(error);
              if (code !== '42710' && code !== '23505') throw error;
              await client.query('ROLLBACK TO SAVEPOINT create_role');
            }
          }
          await client.query(
            `GRANT SELECT ON TABLE ${quoteIdentifier(table)} TO ${quoteIdentifier(RAW_SQL_ROLE)}`,
          );
        }),
        () => this.#granted.delete(key),
      ).catch((error: unknown) => {
        throw unusable(error);
      });
      this.#granted.set(key, granted);
    }
    return granted;
  }
}

/** A failed setup is forgotten, so the next call tries again. */
function remembered(promise: Promise<void>, forget: () => void): Promise<void> {
  promise.catch(forget);
  return promise;
}

function unusable(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code !== '42501') return error;
  return new ConfigurationError(
    `Raw SQL needs the role '${RAW_SQL_ROLE}', and the PostgreSQL user cannot create it or grant it SELECT (SQLSTATE 42501). ` +
      `Create it once as an administrator: CREATE ROLE ${RAW_SQL_ROLE} NOLOGIN; GRANT ${RAW_SQL_ROLE} TO <the sqh user>.`,
    { cause: error },
  );
}
