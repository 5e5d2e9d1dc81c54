import type { StorageBackendProtocol } from './backend-protocol.js';
import { ConfigurationError, UnsupportedError } from './errors.js';
import type { Model } from './model.js';

/** What a backend with `capabilities.tenantLifecycle` implements. */
const LIFECYCLE_METHODS = ['provisionTenant', 'tenantExists', 'deprovisionTenant', 'describeTenant'] as const;

/** Backend key → backend. One backend per key; a second registration is an error. */
export class BackendRegistry {
  private readonly backends = new Map<string, StorageBackendProtocol>();

  register(backend: StorageBackendProtocol): void {
    if (this.backends.has(backend.key)) {
      throw new ConfigurationError(
        `Two backends are registered for storage key '${backend.key}'; register one plugin per key.`,
      );
    }
    if (backend.capabilities.tenantLifecycle) {
      const missing = LIFECYCLE_METHODS.filter((method) => typeof backend[method] !== 'function');
      if (missing.length > 0) {
        throw new ConfigurationError(
          `The '${backend.key}' backend declares the tenantLifecycle capability but lacks ${missing.join(', ')}.`,
        );
      }
    }
    this.backends.set(backend.key, backend);
  }

  get(key: string): StorageBackendProtocol {
    const backend = this.backends.get(key);
    if (!backend) {
      throw new ConfigurationError(
        `No backend is registered for storage key '${key}'. Registered: ${this.keys().join(', ') || 'none'}. ` +
          `Add the plugin for '${key}' to createSqh({ plugins }).`,
      );
    }
    return backend;
  }

  has(key: string): boolean {
    return this.backends.has(key);
  }

  keys(): string[] {
    return [...this.backends.keys()];
  }

  all(): StorageBackendProtocol[] {
    return [...this.backends.values()];
  }

  /** Refuses a model whose storage needs a capability its backend lacks. */
  async prepare(model: Model): Promise<void> {
    const backend = this.get(model.storage.backend);
    const { capabilities } = backend;
    if (model.storage.partitionBy !== undefined && !capabilities.partitioning) {
      throw new UnsupportedError(
        `${model.key} declares partitionBy, but the '${backend.key}' backend has no partitioning capability.`,
      );
    }
    if (model.storage.shared && !capabilities.sharedReference) {
      throw new UnsupportedError(
        `${model.key} is a shared model, but the '${backend.key}' backend cannot serve shared reference data.`,
      );
    }
    await backend.prepareModel?.(model);
  }
}
