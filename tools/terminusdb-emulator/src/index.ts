export { type EmulatorOptions, type RunningEmulator, startEmulator } from './emulator-server.js';
export type { RequestRecord } from './request-log.js';
export { resolveTerminus, type TerminusTarget } from './resolve-terminus.js';
