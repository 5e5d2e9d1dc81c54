import type { SqhPlugin } from '@sqh/core/spi';
import type { TerminusBackendOptions } from './terminus-backend-options.js';
import { TERMINUS_BACKEND } from './terminus-backend-service.js';
import { TerminusDBBackend } from './terminusdb-backend.js';

/**
 * Registers the TerminusDB backend (storage key `terminusdb`) and provides
 * `TERMINUS_BACKEND` for services built on it. Each composition gets its own
 * backend; relation targets are resolved through that composition's models.
 */
export function terminusBackend(options: TerminusBackendOptions): SqhPlugin {
  return {
    name: '@sqh/backend-terminus',
    register(_container, api) {
      const backend = new TerminusDBBackend(options, (key) => {
        const slash = key.indexOf('/');
        return api.models.has(key.slice(0, slash), key.slice(slash + 1))
          ? api.models.getByKey(key)
          : undefined;
      });
      api.registerBackend(backend);
      api.provide(TERMINUS_BACKEND, backend);
    },
  };
}
