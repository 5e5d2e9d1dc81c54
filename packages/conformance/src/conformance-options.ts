import type { SqhPlugin, StorageConfig } from '@sqh/core/spi';

export interface ConformanceOptions {
  /** Label used in describe() names. */
  name: string;
  /** Fresh plugins for the backend under test; called once per suite in beforeAll. */
  plugins: () => readonly SqhPlugin[] | Promise<readonly SqhPlugin[]>;
  /** The storage config every conformance model declares, e.g. () => StorageConfig.postgresql(). */
  storage: () => StorageConfig;
  /** Optional cleanup, called in afterAll for every tenant id the suite used (e.g. drop its database). */
  dropTenant?: (tenantId: string) => Promise<void>;
  /**
   * For backends that store `shared: true` models: the shared reference access cases run
   * on a model with this storage, in a table named for this run, dropped in afterAll.
   */
  sharedReference?: {
    storage: (tableName: string) => StorageConfig;
    dropTable: (tableName: string) => Promise<void>;
  };
}
