import { sqhProject } from '../../vitest.shared';

export default sqhProject('terminusdb-emulator');
