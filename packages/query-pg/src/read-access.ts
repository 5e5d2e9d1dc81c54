import type { AccessContext, AccessService, FilterNode, Model, ResolvedAccessDecision } from '@sqh/core/spi';

/** What a caller may read of one model: everything, or the records matching `scope`. */
export interface ReadGrant {
  readonly scope?: FilterNode;
}

/**
 * The one place query-pg asks "what may this caller read of this model?": core's
 * access service (ACCESS_SERVICE), asked once per model a query reads. It fails
 * closed: a deny, a context of another tenant or a policy that throws is an
 * AccessDeniedError (or the policy's error), and nothing is read.
 */
export class ReadAccess {
  readonly #service: AccessService;

  constructor(service: AccessService) {
    this.#service = service;
  }

  /** The scope to AND into the statement; throws AccessDeniedError on a deny. */
  async read(model: Model, tenantId: string | null, access: AccessContext | undefined): Promise<ReadGrant> {
    const scope = await this.#service.authorize({
      model,
      operation: 'read',
      tenantId,
      ...(access ? { access } : {}),
    });
    return scope === undefined ? {} : { scope };
  }

  /** The decision itself, denials included (raw SQL refuses any scope rather than applying it). */
  decide(
    model: Model,
    tenantId: string | null,
    access: AccessContext | undefined,
  ): Promise<ResolvedAccessDecision> {
    return this.#service.decide({ model, operation: 'read', tenantId, ...(access ? { access } : {}) });
  }
}
