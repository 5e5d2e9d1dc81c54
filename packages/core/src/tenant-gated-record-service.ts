import type { StorageBackendProtocol } from './backend-protocol.js';
import {
  type CallOptions,
  PlatformGroupRecordService,
  type RecordServiceDependencies,
} from './record-service.js';
import type { TenantCallGate } from './tenant-call-gate.js';

type Args<K extends keyof PlatformGroupRecordService> = PlatformGroupRecordService[K] extends (
  ...args: infer A
) => unknown
  ? A
  : never;

/**
 * `sqh.records` with every per-tenant call passing the tenant gate: counted as
 * in flight from start to finish (hooks included), refused while its tenant is
 * being deprovisioned, and, in strict mode, refused for a tenant that was never
 * provisioned. Calls on shared models, and calls the record service will
 * refuse anyway (unknown model, missing tenant), go straight through.
 */
export class TenantGatedRecordService extends PlatformGroupRecordService {
  readonly #gate: TenantCallGate;
  readonly #deps: RecordServiceDependencies;

  constructor(deps: RecordServiceDependencies, gate: TenantCallGate) {
    super(deps);
    this.#deps = deps;
    this.#gate = gate;
  }

  override get(...args: Args<'get'>) {
    return this.#gated(args[0], args[1], args[2], args[4], () => super.get(...args));
  }

  override list(...args: Args<'list'>) {
    return this.#gated(args[0], args[1], args[2], args[4], () => super.list(...args));
  }

  override search(...args: Args<'search'>) {
    return this.#gated(args[0], args[1], args[2], args[5], () => super.search(...args));
  }

  override count(...args: Args<'count'>) {
    return this.#gated(args[0], args[1], args[2], args[4], () => super.count(...args));
  }

  override create(...args: Args<'create'>) {
    return this.#gated(args[0], args[1], args[2], args[4], () => super.create(...args));
  }

  override update(...args: Args<'update'>) {
    return this.#gated(args[0], args[1], args[2], args[5], () => super.update(...args));
  }

  override delete(...args: Args<'delete'>) {
    return this.#gated(args[0], args[1], args[2], args[4], () => super.delete(...args));
  }

  override batchCreate(...args: Args<'batchCreate'>) {
    return this.#gated(args[0], args[1], args[2], args[4], () => super.batchCreate(...args));
  }

  override import(...args: Args<'import'>) {
    return this.#gated(args[0], args[1], args[2], args[4], () => super.import(...args));
  }

  #gated<T>(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
    options: CallOptions | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    const backend = this.#tenantBackend(tenantId, groupSlug, modelName);
    if (typeof tenantId !== 'string' || backend === undefined) return call();
    return this.#gate.admit(tenantId, backend, options?.signal, call);
  }

  /** The backend holding the model's per-tenant data, or undefined when the call is not a tenant's. */
  #tenantBackend(
    tenantId: string | null,
    groupSlug: string,
    modelName: string,
  ): StorageBackendProtocol | undefined {
    // A malformed tenant id is gated like any other; the record service refuses it right after.
    if (typeof tenantId !== 'string' || !this.#deps.models.has(groupSlug, modelName)) return undefined;
    const model = this.#deps.models.get(groupSlug, modelName);
    if (model.storage.shared || !this.#deps.backends.has(model.storage.backend)) return undefined;
    return this.#deps.backends.get(model.storage.backend);
  }
}
