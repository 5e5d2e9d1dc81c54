import { sqhProject } from '../../vitest.shared';

export default sqhProject('postgres-server');
