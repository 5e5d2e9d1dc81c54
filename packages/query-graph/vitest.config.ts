import { sqhProject } from '../../vitest.shared';

export default sqhProject('query-graph');
