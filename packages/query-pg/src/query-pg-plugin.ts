import { PG_BACKEND } from '@sqh/backend-pg';
import {
  ACCESS_SERVICE,
  createServiceToken,
  type ServiceToken,
  type SqhPlugin,
  TENANT_CALLS,
} from '@sqh/core/spi';
import { inject, injectable, Lifecycle } from 'tsyringe';
import { PostgreSQLQueryService } from './postgresql-query-service.js';
import { SequelizeTables } from './sequelize-tables.js';

/** `sqh.get(PG_QUERY)` returns the PostgreSQLQueryService. */
export const PG_QUERY: ServiceToken<PostgreSQLQueryService> =
  createServiceToken<PostgreSQLQueryService>('sqh.query-pg');

/** What the service is built from, as container tokens. */
const MODELS = 'sqh.query-pg.models';
const FORMATS = 'sqh.query-pg.formats';
const SEQUELIZE_TABLES = 'sqh.query-pg.sequelize-tables';

// Decorators applied as calls: vitest's esbuild emits no decorator metadata, and
// explicit tokens need none. This is `@injectable()` with `@inject(TOKEN)` per parameter.
for (const [index, token] of [
  PG_BACKEND.name,
  MODELS,
  FORMATS,
  ACCESS_SERVICE.name,
  SEQUELIZE_TABLES,
  TENANT_CALLS.name,
].entries()) {
  inject(token)(PostgreSQLQueryService, undefined, index);
}
injectable()(PostgreSQLQueryService);

/**
 * The PostgreSQL query service as an sqh plugin; list it after `pgBackend(...)`:
 * `createSqh({ plugins: [pgBackend({ url }), pgQueryPlugin()] })`.
 */
export function pgQueryPlugin(): SqhPlugin {
  return {
    name: '@sqh/query-pg',
    register(container, api) {
      api.get(PG_BACKEND); // fails now, naming the missing plugin, rather than on first use
      container.register(MODELS, { useValue: api.models });
      container.register(FORMATS, { useValue: api.formats });
      container.register(
        SEQUELIZE_TABLES,
        { useClass: SequelizeTables },
        { lifecycle: Lifecycle.ContainerScoped },
      );
      container.register(
        PG_QUERY.name,
        { useClass: PostgreSQLQueryService },
        { lifecycle: Lifecycle.ContainerScoped },
      );
    },
  };
}
