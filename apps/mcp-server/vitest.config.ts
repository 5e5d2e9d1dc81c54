import { sqhProject } from '../../vitest.shared';

export default sqhProject('mcp-server', {
  globalSetup: ['../../tools/postgres-server/src/vitest-global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
