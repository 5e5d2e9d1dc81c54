export type { ConformanceOptions } from './conformance-options.js';
export { runConformanceSuite } from './run-conformance-suite.js';
