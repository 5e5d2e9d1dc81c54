import type { AccessContext, AccessOperation } from './access-policy.js';
import type { FilterNode } from './filter/filter-types.js';
import type { Model } from './model.js';
import { createServiceToken } from './plugin.js';

/** The permission every write to a `shared: true` model needs. */
export const SHARED_REFERENCE_WRITE = 'shared_reference:write';

/** One question to the access service: may this caller do this operation on this model in this tenant? */
export interface AccessCheck {
  readonly model: Model;
  readonly operation: AccessOperation;
  /** The tenant of the call; null only for shared reference models. */
  readonly tenantId: string | null;
  /** Absent when the caller passed no access context. */
  readonly access?: AccessContext;
}

/** A decision with its scope validated against the model, ready to compile. */
export type ResolvedAccessDecision =
  | { readonly effect: 'allow' }
  | { readonly effect: 'deny'; readonly reason: string }
  | { readonly effect: 'allowWhere'; readonly filter: FilterNode };

/**
 * The composition's access gate (`sqh.get(ACCESS_SERVICE)`). Every read or write path
 * (the record service, query services) asks it before touching a backend and ANDs the
 * returned scope into the same statement. It fails closed: a missing value, an empty
 * scope, a context for another tenant or a policy that throws is a deny, never an allow.
 */
export interface AccessService {
  /** The decision, denials included; never widens. */
  decide(check: AccessCheck): Promise<ResolvedAccessDecision>;
  /**
   * `decide`, throwing AccessDeniedError on a deny. Returns the scope to AND into the
   * query, or undefined when the caller may see every record of the model.
   */
  authorize(check: AccessCheck): Promise<FilterNode | undefined>;
}

export const ACCESS_SERVICE = createServiceToken<AccessService>('sqh.access');

/** True when `permissions` grant `wanted` exactly or through a `prefix:*` wildcard. */
export function holdsPermission(permissions: readonly string[], wanted: string): boolean {
  const colon = wanted.indexOf(':');
  const wildcard = colon > 0 ? `${wanted.slice(0, colon)}:*` : undefined;
  return permissions.some((held) => held === wanted || held === wildcard);
}

/** The context backends and hooks see: `isSharedReference` follows the model, whatever the caller said. */
export function bindAccessContext(model: Model, access: AccessContext): AccessContext {
  const shared = model.storage.shared;
  if (access === null || typeof access !== 'object') return access;
  return access.isSharedReference === shared ? access : { ...access, isSharedReference: shared };
}
