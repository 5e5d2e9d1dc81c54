import { sqhProject } from '../../vitest.shared';

export default sqhProject('demo', {
  globalSetup: ['../../tools/postgres-server/src/vitest-global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // The scenarios build on each other's data, in order.
  sequence: { concurrent: false },
});
