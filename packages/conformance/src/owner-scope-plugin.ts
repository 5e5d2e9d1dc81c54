import type { AccessContext, AccessPolicy, FilterInput, Model, SqhPlugin } from '@sqh/core/spi';

/**
 * The suite's access policy.
 * - `scoped`: a caller sees the records whose `owner` is their user id; calls without
 *   an access context stay unrestricted, so cases can look behind the scope.
 * - `guarded`: written the way a new user would, `{ owner: access?.userId }`, even
 *   without a context; an access attribute `scope` makes it return `{}` or
 *   `{ $and: [] }`. Every one of these must be a deny, never "no filter".
 */
export function ownerScopePlugin(scoped: Model, guarded: Model): SqhPlugin {
  const guardedScope = (access: AccessContext | undefined): FilterInput => {
    if (access?.attributes.scope === 'empty') return {};
    if (access?.attributes.scope === 'empty-and') return { $and: [] };
    return { owner: access?.userId };
  };
  const policy: AccessPolicy = {
    name: 'conformance-owner-scope',
    decide: ({ model, access }) => {
      if (model.key === guarded.key) return { effect: 'allowWhere', filter: guardedScope(access) };
      return model.key === scoped.key && access
        ? { effect: 'allowWhere', filter: { owner: access.userId } }
        : { effect: 'allow' };
    },
  };
  return {
    name: 'conformance-owner-scope',
    register: (_container, api) => api.registerAccessPolicy(policy),
  };
}

export function accessFor(
  userId: string,
  tenantId: string | null,
  more: Partial<AccessContext> = {},
): AccessContext {
  return {
    userId,
    teamIds: [],
    tenantId,
    permissions: [],
    attributes: {},
    isSharedReference: false,
    ...more,
  };
}
