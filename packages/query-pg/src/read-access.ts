import {
  type AccessContext,
  AccessDeniedError,
  type AccessPolicy,
  type FilterNode,
  type Model,
  validateFilter,
} from '@sqh/core';

/** What a caller may read of one model: everything, or the records matching `scope`. */
export interface ReadGrant {
  readonly scope?: FilterNode;
}

/**
 * The one place query-pg asks "what may this caller read of this model?". Every
 * query method goes through it, for every model it reads. It applies core's
 * access SPI exactly as the record service does (allow, deny, allowWhere); when
 * the access service lands it is the only thing that changes.
 */
export class ReadAccess {
  readonly #policy: AccessPolicy | undefined;

  constructor(policy: AccessPolicy | undefined) {
    this.#policy = policy;
  }

  /** True when a policy is composed: raw SQL then needs every model it reads to be fully readable. */
  get enforced(): boolean {
    return this.#policy !== undefined;
  }

  /** Throws AccessDeniedError on deny; a policy that fails denies (the error propagates, nothing is read). */
  async read(model: Model, tenantId: string | null, access: AccessContext | undefined): Promise<ReadGrant> {
    const policy = this.#policy;
    if (!policy) return {};
    const decision = await policy.decide({
      model,
      operation: 'read',
      tenantId,
      ...(access ? { access } : {}),
    });
    switch (decision.effect) {
      case 'allow':
        return {};
      case 'deny':
        throw new AccessDeniedError(`Access denied: read on ${model.key}: ${decision.reason}`);
      case 'allowWhere': {
        // An allowWhere without a usable filter must not widen to "everything".
        const scope = validateFilter(model, decision.filter) ?? { kind: 'and', nodes: [] };
        return { scope };
      }
      default:
        throw new AccessDeniedError(`Access denied: read on ${model.key}: the policy gave no decision.`);
    }
  }
}
