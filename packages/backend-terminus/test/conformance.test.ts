import { runConformanceSuite } from '@sqh/conformance';
import { StorageConfig } from '@sqh/core';
import { TerminusDBBackend, terminusBackend } from '../src/index.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();

runConformanceSuite({
  name: 'terminusdb',
  plugins: () => [terminusBackend(server().options)],
  storage: () => StorageConfig.terminusdb(),
  dropTenant: (tenantId) => new TerminusDBBackend(server().options).dropTenant(tenantId),
});
