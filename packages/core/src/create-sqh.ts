import 'reflect-metadata';
import { type DependencyContainer, container as rootContainer } from 'tsyringe';
import { AccessGate } from './access-gate.js';
import type { AccessPolicy } from './access-policy.js';
import { ACCESS_SERVICE } from './access-service.js';
import { BackendRegistry } from './backend-registry.js';
import { ConfigurationError } from './errors.js';
import type { Model } from './model.js';
import { ModelRegistry } from './model-registry.js';
import { OutputFormatRegistry } from './output-format.js';
import { initializeBackends, type PlatformInitialization } from './platform-initialization.js';
import { createServiceToken, type PluginApi, type ServiceToken, type SqhPlugin } from './plugin.js';
import {
  type ProjectionErrorReporter,
  type ProjectionSink,
  reportProjectionErrorToConsole,
} from './projection.js';
import {
  DEFAULT_RECORD_SERVICE_LIMITS,
  type PlatformGroupRecordService,
  type RecordServiceLimits,
} from './record-service.js';
import { TenantCallGate } from './tenant-call-gate.js';
import { GatedTenantCalls, TENANT_CALLS } from './tenant-calls.js';
import { TenantGatedRecordService } from './tenant-gated-record-service.js';
import { TenantLifecycle, type TenantOptions } from './tenant-lifecycle.js';

export interface SqhOptions {
  readonly plugins?: readonly SqhPlugin[];
  readonly models?: readonly Model[];
  readonly limits?: Partial<RecordServiceLimits>;
  /** Where projection sink failures go; console.error by default. */
  readonly onProjectionError?: ProjectionErrorReporter;
  /** Strict provisioning, and how deprovisioning treats calls in flight. */
  readonly tenants?: TenantOptions;
}

export interface Sqh {
  readonly records: PlatformGroupRecordService;
  /** Provision, deprovision and describe tenants on every backend. */
  readonly tenants: TenantLifecycle;
  readonly models: ModelRegistry;
  readonly formats: OutputFormatRegistry;
  readonly backends: BackendRegistry;
  /** The composition's own tsyringe container (a child of the global one). */
  readonly container: DependencyContainer;
  /** A service a plugin provided, e.g. `sqh.get(PG_QUERY)`. */
  get<T>(token: ServiceToken<T>): T;
  /**
   * Platform initialization, for a deploy step: creates what every tenant
   * shares (the shared reference database, with PostGIS and pg_trgm where the
   * server offers them) and reports what is missing. Idempotent.
   */
  initialize(options?: { readonly signal?: AbortSignal }): Promise<PlatformInitialization>;
  /** Releases every plugin's resources (connections, servers). */
  close(): Promise<void>;
}

export const RECORDS = createServiceToken<PlatformGroupRecordService>('sqh.records');

/**
 * Composes an sqh instance. Each call builds its own child container and
 * registries, so two instances share nothing.
 */
export async function createSqh(options: SqhOptions = {}): Promise<Sqh> {
  const container = rootContainer.createChildContainer();
  const models = new ModelRegistry();
  const formats = new OutputFormatRegistry();
  const backends = new BackendRegistry();
  const sinks: ProjectionSink[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  let accessPolicy: AccessPolicy | undefined;
  const provided = new Set<string>();

  const get = <T>(token: ServiceToken<T>): T => {
    if (!container.isRegistered(token.name)) {
      throw new ConfigurationError(
        `No service '${token.name}' is registered; add the plugin that provides it to createSqh.`,
      );
    }
    return container.resolve<T>(token.name);
  };

  const close = async () => {
    const errors: unknown[] = [];
    for (const release of closers.splice(0).reverse()) {
      try {
        await release();
      } catch (error) {
        errors.push(error);
      }
    }
    container.clearInstances();
    if (errors.length > 0) throw new AggregateError(errors, 'Some sqh resources failed to close');
  };

  const api: PluginApi = {
    registerBackend: (backend) => {
      backends.register(backend);
      if (backend.close) closers.push(() => backend.close?.());
    },
    registerOutputFormat: (formatter) => formats.register(formatter),
    registerAccessPolicy: (policy) => {
      if (accessPolicy)
        throw new ConfigurationError('Two access policies are registered; compose them into one.');
      accessPolicy = policy;
    },
    registerProjectionSink: (sink) => sinks.push(sink),
    registerModel: (model) => models.register(model),
    provide: (token, service) => {
      if (provided.has(token.name))
        throw new ConfigurationError(`Service '${token.name}' is provided twice.`);
      provided.add(token.name);
      container.register(token.name, { useValue: service });
    },
    onClose: (release) => closers.push(release),
    models,
    formats,
    get,
  };

  const access = new AccessGate(() => accessPolicy);
  api.provide(ACCESS_SERVICE, access);
  const gate = new TenantCallGate({ strict: options.tenants?.strict ?? false });
  api.provide(TENANT_CALLS, new GatedTenantCalls(gate, backends));

  try {
    const pluginNames = new Set<string>();
    for (const plugin of options.plugins ?? []) {
      if (pluginNames.has(plugin.name))
        throw new ConfigurationError(`Plugin '${plugin.name}' is listed twice.`);
      pluginNames.add(plugin.name);
      await plugin.register(container, api);
    }
    for (const model of options.models ?? []) models.register(model);
    const inverseNames = new Map<string, string>();
    for (const model of models.all()) {
      for (const [field, target] of Object.entries(model.relations)) {
        const slash = target.indexOf('/');
        if (!models.has(target.slice(0, slash), target.slice(slash + 1))) {
          throw new ConfigurationError(
            `${model.key}: relation '${field}' points at ${target}, which is not registered.`,
          );
        }
        const inverse = model.relationInverses[field];
        if (inverse === undefined) continue;
        const owner = inverseNames.get(`${target}#${inverse}`);
        if (owner !== undefined || models.getByKey(target).field(inverse)) {
          throw new ConfigurationError(
            `${model.key}: the inverse name '${inverse}' of relation '${field}' is already taken on ${target} (by ${owner ?? 'a field'}); choose another name.`,
          );
        }
        inverseNames.set(`${target}#${inverse}`, `${model.key}.${field}`);
      }
      await backends.prepare(model);
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }

  let tenants: TenantLifecycle;
  try {
    tenants = new TenantLifecycle({ models, backends, gate, options: options.tenants ?? {} });
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const records = new TenantGatedRecordService(
    {
      models,
      backends,
      access,
      projectionSinks: sinks,
      reportProjectionError: options.onProjectionError ?? reportProjectionErrorToConsole,
      limits: { ...DEFAULT_RECORD_SERVICE_LIMITS, ...options.limits },
    },
    gate,
  );
  api.provide(RECORDS, records);
  const initialize = (initOptions: { readonly signal?: AbortSignal } = {}) =>
    initializeBackends(backends.all(), initOptions);

  return { records, tenants, models, formats, backends, container, get, initialize, close };
}
