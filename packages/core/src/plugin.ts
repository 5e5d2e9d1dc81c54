import type { DependencyContainer } from 'tsyringe';
import type { AccessPolicy } from './access-policy.js';
import type { StorageBackendProtocol } from './backend-protocol.js';
import type { Model } from './model.js';
import type { ModelRegistry } from './model-registry.js';
import type { OutputFormatRegistry, OutputFormatter } from './output-format.js';
import type { ProjectionSink } from './projection.js';

/** A typed key for a service a plugin provides: `sqh.get(PG_QUERY)` returns its type. */
export interface ServiceToken<T> {
  readonly name: string;
  /** Carries the service type; never set at run time. */
  readonly __type?: T;
}

export function createServiceToken<T>(name: string): ServiceToken<T> {
  return Object.freeze({ name });
}

/** What a plugin can contribute; plugin authors never need decorators. */
export interface PluginApi {
  registerBackend(backend: StorageBackendProtocol): void;
  registerOutputFormat(formatter: OutputFormatter): void;
  registerAccessPolicy(policy: AccessPolicy): void;
  registerProjectionSink(sink: ProjectionSink): void;
  registerModel(model: Model): void;
  provide<T>(token: ServiceToken<T>, service: T): void;
  /** Runs on `sqh.close()`, in reverse registration order. */
  onClose(release: () => void | Promise<void>): void;
  readonly models: ModelRegistry;
  readonly formats: OutputFormatRegistry;
  /** Resolves a service another plugin provided (plugins register in list order). */
  get<T>(token: ServiceToken<T>): T;
}

export interface SqhPlugin {
  readonly name: string;
  register(container: DependencyContainer, api: PluginApi): void | Promise<void>;
}
