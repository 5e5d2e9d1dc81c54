import { sqhProject } from '../../vitest.shared';

// Starting a real server (initdb included) takes seconds, more on a busy machine.
export default sqhProject('postgres-server', { testTimeout: 120_000, hookTimeout: 120_000 });
