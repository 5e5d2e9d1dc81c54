import { runConformanceSuite } from '@sqh/conformance';
import { StorageConfig } from '@sqh/core';
import { pgBackend } from '../src/index.js';
import { dropTenantDatabases, testPgUrl } from './support/test-database.js';

runConformanceSuite({
  name: 'postgresql',
  plugins: () => [pgBackend({ url: testPgUrl() })],
  storage: () => StorageConfig.postgresql(),
  dropTenant: (tenantId) => dropTenantDatabases([tenantId]),
});
