import { runConformanceSuite } from '@sqh/conformance';
import { StorageConfig } from '@sqh/core';
import { terminusBackend } from '../src/index.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();

runConformanceSuite({
  name: 'terminusdb',
  plugins: () => [terminusBackend(server().options)],
  storage: () => StorageConfig.terminusdb(),
});
