#!/usr/bin/env node
import { parseCliOptions } from './cli-options.js';
import { startEmulator } from './emulator-server.js';

const options = parseCliOptions(process.argv.slice(2));
const emulator = await startEmulator(options);
console.log(
  'This is an emulator, not TerminusDB: @sqh/terminusdb-emulator keeps state in memory, for tests and demos only.',
);
console.log(`Listening on ${emulator.url} (user ${options.user ?? 'admin'}). Press Ctrl+C to stop.`);

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
