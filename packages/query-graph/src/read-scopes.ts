import {
  ACCESS_SERVICE,
  type AccessContext,
  type AccessOperation,
  type AccessService,
  type FilterNode,
  type Model,
} from '@sqh/core/spi';
import { inject, injectable } from 'tsyringe';

/** What a caller may read of one model. */
export type ReadVisibility =
  | { readonly kind: 'all' }
  | { readonly kind: 'where'; readonly filter: FilterNode }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * The one seam through which the graph service learns what a caller may read: core's access
 * gate (ACCESS_SERVICE), the same decision the record service applies. It fails closed: a
 * missing value, an empty scope or a context for another tenant is a deny, and a policy that
 * throws makes the call fail before anything is read.
 */
@injectable()
export class GraphReadScopes {
  constructor(@inject(ACCESS_SERVICE.name) private readonly gate: AccessService) {}

  async visibility(
    tenantId: string,
    model: Model,
    access: AccessContext | undefined,
  ): Promise<ReadVisibility> {
    return this.decide(tenantId, model, 'read', access);
  }

  /** The same for another operation (raw WOQL that writes must be allowed to write unrestricted). */
  async decide(
    tenantId: string,
    model: Model,
    operation: AccessOperation,
    access: AccessContext | undefined,
  ): Promise<ReadVisibility> {
    const decision = await this.gate.decide({
      model,
      operation,
      tenantId,
      ...(access ? { access } : {}),
    });
    switch (decision.effect) {
      case 'allow':
        return { kind: 'all' };
      case 'allowWhere':
        return { kind: 'where', filter: decision.filter };
      case 'deny':
        return { kind: 'none', reason: `Access denied: ${operation} on ${model.key}: ${decision.reason}` };
    }
  }
}
