import { createSqh, type Model, type Sqh } from '@sqh/core';
import {
  PG_BACKEND,
  type PgBackendOptions,
  type PostgreSQLBackend,
  pgBackend,
  type TenantDatabaseManager,
} from '../../src/index.js';
import { testPgUrl } from './test-database.js';

export interface PgSqh {
  readonly sqh: Sqh;
  readonly backend: PostgreSQLBackend;
  readonly manager: TenantDatabaseManager;
}

/** An sqh composed with the PostgreSQL plugin on the test server and the given models. */
export async function createPgSqh(
  models: readonly Model[],
  options: Partial<PgBackendOptions> = {},
): Promise<PgSqh> {
  const sqh = await createSqh({ plugins: [pgBackend({ url: testPgUrl(), ...options })], models });
  const { backend, manager } = sqh.get(PG_BACKEND);
  return { sqh, backend, manager };
}
