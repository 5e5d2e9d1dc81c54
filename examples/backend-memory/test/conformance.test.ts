import { runConformanceSuite } from '@sqh/conformance';
import { StorageConfig } from '@sqh/core';
import { MEMORY_BACKEND_KEY, memoryBackend } from '../src/index.js';

runConformanceSuite({
  name: 'memory',
  plugins: () => [memoryBackend()],
  storage: () => StorageConfig.custom(MEMORY_BACKEND_KEY),
});
