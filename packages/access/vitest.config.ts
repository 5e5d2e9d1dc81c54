import { sqhProject } from '../../vitest.shared';

export default sqhProject('access', {
  // The differential test uses the PostgreSQL this run starts (or finds via SQH_PG_URL).
  globalSetup: ['../../tools/postgres-server/src/vitest-global-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
});
