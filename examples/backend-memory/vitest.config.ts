import { sqhProject } from '../../vitest.shared';

export default sqhProject('example-backend-memory');
