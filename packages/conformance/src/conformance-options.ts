import type { SqhPlugin, StorageConfig } from '@sqh/core/spi';

export interface ConformanceOptions {
  /** Label used in describe() names. */
  name: string;
  /** Fresh plugins for the backend under test; called in beforeAll, and again for each extra instance a case composes. */
  plugins: () => readonly SqhPlugin[] | Promise<readonly SqhPlugin[]>;
  /** The storage config every conformance model declares, e.g. () => StorageConfig.postgresql(). */
  storage: () => StorageConfig;
  /**
   * For backends that store `shared: true` models: the shared reference access cases run
   * on a model with this storage, in a table named for this run, dropped in afterAll.
   */
  /**
   * For backends with the partitioning capability: a storage config partitioned by the
   * given date field (e.g. `(field) => StorageConfig.postgresql({ partitionBy: field })`).
   * The one-id-one-record cases then also run on a partitioned model.
   */
  partitionedStorage?: (partitionBy: string) => StorageConfig;
  sharedReference?: {
    storage: (tableName: string) => StorageConfig;
    dropTable: (tableName: string) => Promise<void>;
  };
}
