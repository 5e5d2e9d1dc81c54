import type { SqhPlugin } from '@sqh/core/spi';
import { createMemoryBackend } from './memory-backend.js';

/**
 * Registers a fresh in-memory backend under the storage key `memory`; models
 * opt in with `storage: StorageConfig.custom('memory')`.
 */
export function memoryBackend(): SqhPlugin {
  return {
    name: 'memory-backend',
    register: (_container, api) => api.registerBackend(createMemoryBackend()),
  };
}
