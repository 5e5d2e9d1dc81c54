import type { AccessContext } from './access-policy.js';

export type WriteOperation = 'create' | 'update' | 'delete';

/** What every hook receives, whatever backend stores the model. */
export interface HookContext {
  readonly tenantId: string | null;
  readonly groupSlug: string;
  readonly modelName: string;
  readonly operation: WriteOperation;
  readonly access?: AccessContext;
  /** The record being updated or deleted. */
  readonly recordId?: string;
  /** Position in a batchCreate, for hooks that report per-row problems. */
  readonly rowIndex?: number;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * Model lifecycle hooks. Order for a write: schema validation → validateOrRaise →
 * before* → backend write → after* → projection event. A throwing validateOrRaise
 * or before* hook aborts the write before anything is stored.
 */
export interface ModelHooks<TData> {
  /** Throw (ideally a ValidationError) to refuse the input of a create or update. */
  validateOrRaise?(ctx: HookContext, data: Partial<TData>): MaybePromise<void>;
  /** Return a replacement for the data to create, or nothing to keep it. */
  // biome-ignore lint/suspicious/noConfusingVoidType: lets a hook body that returns nothing type-check
  beforeCreate?(ctx: HookContext, data: TData): MaybePromise<TData | undefined | void>;
  afterCreate?(ctx: HookContext, record: TData & { id: string }): MaybePromise<void>;
  /** Return a replacement for the patch, or nothing to keep it. */
  beforeUpdate?(
    ctx: HookContext,
    id: string,
    patch: Partial<TData>,
    // biome-ignore lint/suspicious/noConfusingVoidType: lets a hook body that returns nothing type-check
  ): MaybePromise<Partial<TData> | undefined | void>;
  afterUpdate?(ctx: HookContext, record: TData & { id: string }): MaybePromise<void>;
  beforeDelete?(ctx: HookContext, id: string): MaybePromise<void>;
  afterDelete?(ctx: HookContext, id: string): MaybePromise<void>;
}
