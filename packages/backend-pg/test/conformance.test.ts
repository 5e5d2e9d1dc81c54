import { runConformanceSuite } from '@sqh/conformance';
import { StorageConfig } from '@sqh/core';
import { pgBackend } from '../src/index.js';
import { dropDatabase, testPgUrl, uniqueSharedDatabase } from './support/test-database.js';

// This run's own shared reference database: a real sqh_shared_reference belongs to someone else.
const SHARED = uniqueSharedDatabase('conformance');

runConformanceSuite({
  name: 'postgresql',
  plugins: () => [pgBackend({ url: testPgUrl(), sharedDatabase: SHARED })],
  storage: () => StorageConfig.postgresql(),
  partitionedStorage: (partitionBy) => StorageConfig.postgresql({ partitionBy }),
  sharedReference: {
    storage: (tableName) => StorageConfig.postgresql({ shared: true, tableName }),
    // The whole database is this run's: dropping it drops the table too.
    dropTable: () => dropDatabase(SHARED),
  },
});
