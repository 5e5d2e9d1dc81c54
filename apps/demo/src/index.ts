// The demo's composition, for other hosts of the same platform (the MCP server) and tests.
export { DEMO_ROLES, type DemoPeople, demoAccessPlugin, demoPeople, referenceLoader } from './demo-access.js';
export { composeDemo, type DemoStores } from './demo-composition.js';
export { type DemoEnvironment, prepareEnvironment, type TerminusTarget } from './demo-environment.js';
export {
  Account,
  Contact,
  demoModels,
  LabResult,
  Note,
  Opportunity,
  Station,
  StationAnnotation,
} from './demo-models.js';
export { labReadings } from './scenario-lab-results.js';
