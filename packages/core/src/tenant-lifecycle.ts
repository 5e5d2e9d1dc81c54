import type {
  LifecycleOptions,
  StorageBackendProtocol,
  TenantStorageDescription,
} from './backend-protocol.js';
import type { BackendRegistry } from './backend-registry.js';
import { ConfigurationError, ValidationError } from './errors.js';
import type { Model } from './model.js';
import type { ModelRegistry } from './model-registry.js';
import type { TenantCallGate, WhenBusy } from './tenant-call-gate.js';
import { assertTenantId } from './tenant-slug.js';

/** `createSqh({ tenants })`: how tenants come to exist and how they are removed. */
export interface TenantOptions {
  /**
   * Refuse record calls for a tenant that was never provisioned, with a
   * TenantNotProvisionedError. Default false: a tenant's databases are created
   * on its first call.
   */
  readonly strict?: boolean;
  /** What deprovision does while the tenant has calls in flight: 'refuse' (default) or 'wait' for them. */
  readonly whenBusy?: WhenBusy;
  /** How long deprovision waits for calls in flight with whenBusy 'wait' (default 30 s). */
  readonly drainTimeoutMillis?: number;
}

export interface DeprovisionOptions {
  /** The tenant id again, as confirmation: deprovisioning deletes every record of the tenant. */
  readonly confirm: string;
  readonly whenBusy?: WhenBusy;
  readonly drainTimeoutMillis?: number;
  readonly signal?: AbortSignal;
}

export interface TenantProvisioning {
  readonly tenantId: string;
  /** Backends that created (or already had) the tenant's database. */
  readonly provisioned: readonly string[];
  /** Backends without the tenantLifecycle capability: they create what they need on first use. */
  readonly lazy: readonly string[];
}

export interface TenantDeprovisioning {
  readonly tenantId: string;
  /** Backends that dropped the tenant's database (or had none). */
  readonly deprovisioned: readonly string[];
  /** Backends without the tenantLifecycle capability: whatever they hold for the tenant is left as it is. */
  readonly untouched: readonly string[];
}

export interface BackendTenantDescription extends TenantStorageDescription {
  readonly backend: string;
}

export interface TenantDescription {
  readonly tenantId: string;
  /**
   * Every backend with the lifecycle capability that stores per-tenant models
   * has the tenant's database (backends in `undescribed` create theirs on first use).
   */
  readonly provisioned: boolean;
  readonly backends: readonly BackendTenantDescription[];
  /** Backends without the tenantLifecycle capability, which cannot describe a tenant. */
  readonly undescribed: readonly string[];
}

export const DEFAULT_DRAIN_TIMEOUT_MILLIS = 30_000;

/**
 * `sqh.tenants`: one tenant lifecycle over every composed backend, through the
 * SPI methods a backend declares with `capabilities.tenantLifecycle`.
 */
export class TenantLifecycle {
  readonly #models: ModelRegistry;
  readonly #backends: BackendRegistry;
  readonly #gate: TenantCallGate;
  readonly #whenBusy: WhenBusy;
  readonly #drainTimeoutMillis: number;
  /** One provisioning per tenant at a time in this process; concurrent callers share it. */
  readonly #provisioning = new Map<string, Promise<TenantProvisioning>>();

  constructor(deps: {
    readonly models: ModelRegistry;
    readonly backends: BackendRegistry;
    readonly gate: TenantCallGate;
    readonly options: TenantOptions;
  }) {
    this.#models = deps.models;
    this.#backends = deps.backends;
    this.#gate = deps.gate;
    this.#whenBusy = whenBusyOption(deps.options.whenBusy ?? 'refuse');
    this.#drainTimeoutMillis = drainTimeout(deps.options.drainTimeoutMillis ?? DEFAULT_DRAIN_TIMEOUT_MILLIS);
    if (this.#gate.strict) {
      const unable = this.#tenantBackends().filter((backend) => !backend.capabilities.tenantLifecycle);
      if (unable.length > 0) {
        throw new ConfigurationError(
          `tenants.strict needs every backend that stores per-tenant models to check whether a tenant was ` +
            `provisioned, but ${unable.map((backend) => `'${backend.key}'`).join(', ')} has no tenantLifecycle ` +
            'capability. Turn strict off, or store those models elsewhere.',
        );
      }
    }
  }

  /**
   * Creates the tenant's databases in every backend that stores per-tenant
   * models; tables stay lazy. Idempotent and safe to race, in one process and
   * across processes.
   */
  async provision(tenantId: string, options: LifecycleOptions = {}): Promise<TenantProvisioning> {
    assertTenantId(tenantId);
    let pending = this.#provisioning.get(tenantId);
    if (!pending) {
      pending = this.#gate.run(tenantId, () => this.#provision(tenantId, options));
      this.#provisioning.set(tenantId, pending);
      const settled = pending;
      const forget = () => {
        if (this.#provisioning.get(tenantId) === settled) this.#provisioning.delete(tenantId);
      };
      settled.then(forget, forget);
    }
    return pending;
  }

  /**
   * Drops every database the tenant has, in every backend with the lifecycle
   * capability, after closing their connections. Destructive: `confirm` must
   * repeat the tenant id. Refuses while the tenant has calls in flight, or waits
   * for them (`whenBusy: 'wait'`), refusing new calls meanwhile. Idempotent.
   */
  async deprovision(tenantId: string, options: DeprovisionOptions): Promise<TenantDeprovisioning> {
    assertTenantId(tenantId);
    if (options?.confirm !== tenantId) {
      throw new ValidationError(
        `Deprovisioning deletes every record of tenant '${tenantId}'; confirm by passing { confirm: '${tenantId}' }.`,
        [{ path: ['confirm'], message: 'must repeat the tenant id' }],
      );
    }
    const whenBusy = whenBusyOption(options.whenBusy ?? this.#whenBusy);
    const timeout = drainTimeout(options.drainTimeoutMillis ?? this.#drainTimeoutMillis);
    const { signal } = options;
    signal?.throwIfAborted();
    await this.#gate.close(tenantId, whenBusy, timeout, signal);
    const capable = this.#backends.all().filter((backend) => backend.capabilities.tenantLifecycle);
    try {
      this.#gate.forget(tenantId, capable);
      for (const backend of capable) {
        await backend.deprovisionTenant?.(tenantId, signal ? { signal } : {});
      }
    } finally {
      this.#gate.reopen(tenantId);
    }
    return {
      tenantId,
      deprovisioned: capable.map((backend) => backend.key),
      untouched: this.#backends
        .all()
        .filter((backend) => !backend.capabilities.tenantLifecycle)
        .map((backend) => backend.key),
    };
  }

  /** Where the tenant lives and what it holds; creates nothing. */
  async describe(tenantId: string, options: LifecycleOptions = {}): Promise<TenantDescription> {
    assertTenantId(tenantId);
    const backends: BackendTenantDescription[] = [];
    const undescribed: string[] = [];
    const storing = new Set(this.#tenantBackends());
    let provisioned = true;
    for (const backend of this.#backends.all()) {
      if (!backend.capabilities.tenantLifecycle || !backend.describeTenant) {
        undescribed.push(backend.key);
        continue;
      }
      const description = await backend.describeTenant(tenantId, this.#tenantModelsOf(backend), options);
      backends.push({ backend: backend.key, ...description });
      if (storing.has(backend) && !description.provisioned) provisioned = false;
    }
    return { tenantId, provisioned, backends, undescribed };
  }

  async #provision(tenantId: string, options: LifecycleOptions): Promise<TenantProvisioning> {
    const provisioned: string[] = [];
    const lazy: string[] = [];
    for (const backend of this.#tenantBackends()) {
      if (!backend.capabilities.tenantLifecycle || !backend.provisionTenant) {
        lazy.push(backend.key);
        continue;
      }
      options.signal?.throwIfAborted();
      await backend.provisionTenant(tenantId, options);
      this.#gate.markProvisioned(tenantId, backend);
      provisioned.push(backend.key);
    }
    return { tenantId, provisioned, lazy };
  }

  /** Backends that store at least one per-tenant model, in registration order. */
  #tenantBackends(): StorageBackendProtocol[] {
    return this.#backends.all().filter((backend) => this.#tenantModelsOf(backend).length > 0);
  }

  #tenantModelsOf(backend: StorageBackendProtocol): Model[] {
    return this.#models
      .all()
      .filter((model) => model.storage.backend === backend.key && !model.storage.shared);
  }
}

function whenBusyOption(value: unknown): WhenBusy {
  if (value === 'refuse' || value === 'wait') return value;
  throw new ValidationError(`whenBusy must be 'refuse' or 'wait', got ${JSON.stringify(value)}.`, [
    { path: ['whenBusy'], message: "expected 'refuse' or 'wait'" },
  ]);
}

function drainTimeout(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new ValidationError(`drainTimeoutMillis must be a positive integer, got ${String(value)}.`, [
    { path: ['drainTimeoutMillis'], message: 'expected a positive integer' },
  ]);
}
