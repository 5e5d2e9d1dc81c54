import type { FilterInput } from './filter/filter-types.js';
import type { Model } from './model.js';

/** Who is asking. Built by @sqh/access (`buildAccessContext`) or by the host platform. */
export interface AccessContext {
  readonly userId: string;
  readonly teamIds: readonly string[];
  readonly tenantId: string | null;
  /** Permission strings such as `lab.read` or `shared_reference:write`. */
  readonly permissions: readonly string[];
  /** Attributes ABAC rules compare against, e.g. `{ region: 'north' }`. */
  readonly attributes: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /** The call targets the shared reference database. Core sets it from the model; a caller cannot claim it. */
  readonly isSharedReference: boolean;
  /**
   * A platform (system) context, e.g. for jobs: it may act on any tenant. Only a context
   * that says so explicitly is one; otherwise `tenantId` must equal the call's tenant.
   */
  readonly platform?: boolean;
}

export type AccessOperation = 'read' | 'create' | 'update' | 'delete';

/**
 * The three outcomes of a policy. `allowWhere` narrows the operation to records
 * matching a filter; every backend already compiles filters, so access control is
 * the same whatever the backend.
 */
export type AccessDecision =
  | { readonly effect: 'allow' }
  | { readonly effect: 'deny'; readonly reason: string }
  | { readonly effect: 'allowWhere'; readonly filter: FilterInput };

export interface AccessRequest {
  readonly model: Model;
  readonly operation: AccessOperation;
  readonly tenantId: string | null;
  /** Absent when the caller passed no access context. */
  readonly access?: AccessContext;
}

/** The access SPI: one policy per composition, consulted before every operation. */
export interface AccessPolicy {
  /** Named in denials and configuration errors. */
  readonly name?: string;
  decide(request: AccessRequest): AccessDecision | Promise<AccessDecision>;
}
