import { sqhProject } from '../../vitest.shared';

// The suite is exercised by the backends that run it (examples/backend-memory first).
export default sqhProject('conformance', { passWithNoTests: true });
