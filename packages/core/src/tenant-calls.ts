import type { BackendRegistry } from './backend-registry.js';
import { createServiceToken, type ServiceToken } from './plugin.js';
import type { TenantCallGate } from './tenant-call-gate.js';
import { assertTenantId } from './tenant-slug.js';

/** Which backend a tenant call reaches, and the caller's signal (for the strict-mode check). */
export interface TenantCallOptions {
  /** The key of the registered backend the call reads or writes, e.g. `'postgresql'`. */
  readonly backend: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The tenant gate for plugins (`api.get(TENANT_CALLS)`, or `@inject(TENANT_CALLS.name)`):
 * a service that reaches a tenant's data outside `sqh.records` (a query service) runs
 * each call through it, so `sqh.tenants.deprovision` sees the call in flight (refusing,
 * or waiting for it with `whenBusy: 'wait'`), new calls are refused with CONFLICT while
 * the tenant is being deprovisioned, and a strict sqh refuses a tenant that was never
 * provisioned with TenantNotProvisionedError before the backend sees the call. The same
 * gate counts `sqh.records` calls.
 */
export interface TenantCalls {
  /**
   * Runs `work` as one call of the tenant, counted until its promise settles. A null
   * tenant id (a call on shared data only) runs ungated; a malformed one is refused.
   */
  run<T>(tenantId: string | null, options: TenantCallOptions, work: () => Promise<T>): Promise<T>;
  /**
   * The iterable `open()` returns, gated: the tenant is entered when iteration starts
   * and left when the stream ends, fails, or is closed (`break` in `for await`, or
   * `return()`). A stream iterated by hand and dropped without `return()` holds its
   * tenant, so deprovisioning refuses (or waits, up to its drain timeout).
   */
  stream<T>(
    tenantId: string | null,
    options: TenantCallOptions,
    open: () => AsyncIterable<T>,
  ): AsyncIterable<T>;
}

export const TENANT_CALLS: ServiceToken<TenantCalls> = createServiceToken<TenantCalls>('sqh.tenant-calls');

/** TENANT_CALLS of a composition: its tenant gate, with backends named by key. */
export class GatedTenantCalls implements TenantCalls {
  readonly #gate: TenantCallGate;
  readonly #backends: BackendRegistry;

  constructor(gate: TenantCallGate, backends: BackendRegistry) {
    this.#gate = gate;
    this.#backends = backends;
  }

  async run<T>(tenantId: string | null, options: TenantCallOptions, work: () => Promise<T>): Promise<T> {
    if (tenantId === null) return work();
    assertTenantId(tenantId);
    return this.#gate.admit(tenantId, this.#backends.get(options.backend), options.signal, work);
  }

  async *stream<T>(
    tenantId: string | null,
    options: TenantCallOptions,
    open: () => AsyncIterable<T>,
  ): AsyncGenerator<T, void, undefined> {
    if (tenantId === null) {
      yield* open();
      return;
    }
    assertTenantId(tenantId);
    const release = await this.#gate.enter(tenantId, this.#backends.get(options.backend), options.signal);
    try {
      yield* open();
    } finally {
      release();
    }
  }
}
