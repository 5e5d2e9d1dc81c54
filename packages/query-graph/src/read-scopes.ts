import {
  type AccessContext,
  AccessDeniedError,
  type FilterNode,
  type Model,
  type PlatformGroupRecordService,
  RECORDS,
} from '@sqh/core';
import { inject, injectable } from 'tsyringe';

/** What a caller may read of one model. */
export type ReadVisibility =
  | { readonly kind: 'all' }
  | { readonly kind: 'where'; readonly filter: FilterNode }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * The one seam through which the graph service learns what a caller may read: the same decision
 * the record service applies (core's AccessPolicy SPI and its allowWhere scopes). When the access
 * service (@sqh/access) is in the container, the injected dependency is the only line to change.
 * A policy that fails makes the call fail: nothing is read on a check that could not run.
 */
@injectable()
export class GraphReadScopes {
  constructor(@inject(RECORDS.name) private readonly records: PlatformGroupRecordService) {}

  async visibility(
    tenantId: string,
    model: Model,
    access: AccessContext | undefined,
  ): Promise<ReadVisibility> {
    try {
      const scope = await this.records.readScope(tenantId, model.group, model.name, access ? { access } : {});
      return scope ? { kind: 'where', filter: scope } : { kind: 'all' };
    } catch (error) {
      if (error instanceof AccessDeniedError) return { kind: 'none', reason: error.message };
      throw error;
    }
  }
}
