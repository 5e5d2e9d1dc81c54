import type { StorageBackendProtocol } from './backend-protocol.js';
import { ConflictError, SqhError } from './errors.js';

/** What deprovisioning does when the tenant still has calls in flight. */
export type WhenBusy = 'refuse' | 'wait';

/**
 * Refused because a strict sqh only serves tenants that were provisioned
 * (`createSqh({ tenants: { strict: true } })`). Code NOT_FOUND.
 */
export class TenantNotProvisionedError extends SqhError {
  readonly tenantId: string;

  constructor(tenantId: string, backend: string) {
    super(
      'NOT_FOUND',
      `Tenant '${tenantId}' has not been provisioned in the '${backend}' backend, and this sqh only serves ` +
        `provisioned tenants (tenants.strict): call sqh.tenants.provision('${tenantId}') first, ` +
        'from the pipeline that creates tenants.',
    );
    this.tenantId = tenantId;
  }
}

interface Drain {
  readonly done: Promise<void>;
  readonly release: () => void;
}

/**
 * Every call for a tenant (records, query services through TENANT_CALLS) passes
 * this gate: it counts the calls in flight (so deprovisioning can refuse or wait
 * for them), refuses new calls while the tenant is being deprovisioned, and in strict mode checks that the tenant was
 * provisioned (asked of the backend once, then remembered in this process, so
 * a tenant another process deprovisions is noticed only by a fresh sqh).
 */
export class TenantCallGate {
  readonly #strict: boolean;
  readonly #inFlight = new Map<string, number>();
  /** Tenants being deprovisioned; resolved when they have no call in flight. */
  readonly #closing = new Map<string, Drain | undefined>();
  /** `backend key \0 tenant id` pairs known to be provisioned (strict mode only). */
  readonly #provisioned = new Set<string>();

  constructor(options: { readonly strict: boolean }) {
    this.#strict = options.strict;
  }

  get strict(): boolean {
    return this.#strict;
  }

  /**
   * Runs one call for the tenant (a provisioning, or, through `admit`, a record or query call), counted as in
   * flight until it settles. Not an async function: this is on every record
   * call's path, and each await layer costs a turn of the event loop.
   */
  run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    if (this.#closing.has(tenantId)) {
      return Promise.reject(
        new ConflictError(
          `Tenant '${tenantId}' is being deprovisioned; its calls are refused until that has finished.`,
        ),
      );
    }
    this.#inFlight.set(tenantId, this.inFlight(tenantId) + 1);
    let pending: Promise<T>;
    try {
      pending = work();
    } catch (error) {
      this.#leave(tenantId);
      return Promise.reject(error);
    }
    // then(ok, fail) rather than finally(): one promise less per call.
    return pending.then(
      (value) => {
        this.#leave(tenantId);
        return value;
      },
      (error: unknown) => {
        this.#leave(tenantId);
        throw error;
      },
    );
  }

  /**
   * Runs one call for the tenant that reaches `backend`: `run`, plus, in strict
   * mode, the check that the backend holds the tenant, made inside the gate.
   */
  admit<T>(
    tenantId: string,
    backend: StorageBackendProtocol,
    signal: AbortSignal | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    if (!this.#strict) return this.run(tenantId, work);
    return this.run(tenantId, async () => {
      await this.assertProvisioned(tenantId, backend, signal);
      return work();
    });
  }

  /**
   * Counts a call that outlives one promise (a stream) as in flight, after the
   * same checks as `admit`; the returned release ends it (calling it again does nothing).
   */
  async enter(
    tenantId: string,
    backend: StorageBackendProtocol,
    signal: AbortSignal | undefined,
  ): Promise<() => void> {
    let release: (() => void) | undefined;
    await this.run(tenantId, async () => {
      await this.assertProvisioned(tenantId, backend, signal);
      // Counted once more before run's own count ends, so the tenant is never seen idle in between.
      this.#inFlight.set(tenantId, this.inFlight(tenantId) + 1);
      let held = true;
      release = () => {
        if (!held) return;
        held = false;
        this.#leave(tenantId);
      };
    });
    return release as () => void;
  }

  /** Calls for this tenant that have started and not yet settled. */
  inFlight(tenantId: string): number {
    return this.#inFlight.get(tenantId) ?? 0;
  }

  /**
   * Stops admitting calls for the tenant and resolves once none is in flight.
   * With 'refuse', a busy tenant is refused at once (and stays open). With
   * 'wait', new calls are refused while the ones in flight finish; if they have
   * not within `timeoutMillis` (or `signal` aborts), the tenant is reopened and
   * the wait fails. Call `reopen` when the work that needed the tenant quiet is done.
   */
  async close(
    tenantId: string,
    whenBusy: WhenBusy,
    timeoutMillis: number,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.#closing.has(tenantId)) {
      throw new ConflictError(
        `Tenant '${tenantId}' is already being deprovisioned; wait for that call to finish.`,
      );
    }
    const busy = this.inFlight(tenantId);
    if (busy === 0) {
      this.#closing.set(tenantId, undefined);
      return;
    }
    if (whenBusy === 'refuse') {
      throw new ConflictError(
        `Tenant '${tenantId}' has ${busy} call(s) in flight, so it was not deprovisioned; retry when they ` +
          "have finished, or pass whenBusy: 'wait'.",
      );
    }
    let release = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#closing.set(tenantId, { done, release });
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_resolve, reject) => {
      const fail = (reason: string) =>
        reject(
          new ConflictError(
            `Tenant '${tenantId}' still had ${this.inFlight(tenantId)} call(s) in flight ${reason}, so it was ` +
              'not deprovisioned; retry later.',
          ),
        );
      timer = setTimeout(() => fail(`after ${timeoutMillis} ms`), timeoutMillis);
      if (signal?.aborted) fail('when the call was aborted');
      signal?.addEventListener('abort', () => fail('when the call was aborted'), { once: true });
    });
    try {
      await Promise.race([done, gaveUp]);
    } catch (error) {
      this.#closing.delete(tenantId);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Admits calls for the tenant again; in strict mode it must be provisioned anew. */
  reopen(tenantId: string): void {
    this.#closing.delete(tenantId);
  }

  /** Remembers that a backend holds the tenant (after provisioning). */
  markProvisioned(tenantId: string, backend: StorageBackendProtocol): void {
    if (this.#strict) this.#provisioned.add(provisionedKey(tenantId, backend));
  }

  /** Forgets the tenant everywhere (after deprovisioning). */
  forget(tenantId: string, backends: readonly StorageBackendProtocol[]): void {
    for (const backend of backends) this.#provisioned.delete(provisionedKey(tenantId, backend));
  }

  #leave(tenantId: string): void {
    const left = this.inFlight(tenantId) - 1;
    if (left > 0) this.#inFlight.set(tenantId, left);
    else {
      this.#inFlight.delete(tenantId);
      this.#closing.get(tenantId)?.release();
    }
  }

  /** In strict mode, refuses a tenant the backend does not hold; otherwise does nothing. */
  async assertProvisioned(
    tenantId: string,
    backend: StorageBackendProtocol,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (!this.#strict) return;
    const key = provisionedKey(tenantId, backend);
    if (this.#provisioned.has(key)) return;
    // Composition refuses strict mode for a backend without tenantExists: a check that cannot run denies.
    const exists = (await backend.tenantExists?.(tenantId, signal ? { signal } : {})) ?? false;
    if (!exists) throw new TenantNotProvisionedError(tenantId, backend.key);
    this.#provisioned.add(key);
  }
}

function provisionedKey(tenantId: string, backend: StorageBackendProtocol): string {
  return `${backend.key}\u0000${tenantId}`;
}
