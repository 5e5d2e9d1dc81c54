import { sqhProject } from '../../vitest.shared';

export default sqhProject('query-pg', {
  // Starts (or finds, via SQH_PG_URL) the PostgreSQL these tests use; tests read it with inject('pgUrl').
  globalSetup: ['../../tools/postgres-server/src/vitest-global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
