import { runConformanceSuite } from '@sqh/conformance';
import { SHARED_REFERENCE_DB_NAME, StorageConfig } from '@sqh/core';
import { pgBackend, quoteIdentifier } from '../src/index.js';
import { queryDatabase, testPgUrl } from './support/test-database.js';

runConformanceSuite({
  name: 'postgresql',
  plugins: () => [pgBackend({ url: testPgUrl() })],
  storage: () => StorageConfig.postgresql(),
  partitionedStorage: (partitionBy) => StorageConfig.postgresql({ partitionBy }),
  sharedReference: {
    storage: (tableName) => StorageConfig.postgresql({ shared: true, tableName }),
    dropTable: async (tableName) => {
      await queryDatabase(SHARED_REFERENCE_DB_NAME, `DROP TABLE IF EXISTS ${quoteIdentifier(tableName)}`);
    },
  },
});
