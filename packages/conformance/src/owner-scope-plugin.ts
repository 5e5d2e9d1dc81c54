import type { AccessContext, AccessPolicy, Model, SqhPlugin } from '@sqh/core/spi';

/**
 * An access policy that limits a caller to the records of one model whose
 * `owner` is their user id. Calls without an access context stay unrestricted,
 * so the suite can look behind the scope to check what really happened.
 */
export function ownerScopePlugin(scoped: Model): SqhPlugin {
  const policy: AccessPolicy = {
    decide: ({ model, access }) =>
      model.key === scoped.key && access
        ? { effect: 'allowWhere', filter: { owner: access.userId } }
        : { effect: 'allow' },
  };
  return {
    name: 'conformance-owner-scope',
    register: (_container, api) => api.registerAccessPolicy(policy),
  };
}

export function accessFor(userId: string, tenantId: string): AccessContext {
  return { userId, teamIds: [], tenantId, permissions: [], attributes: {}, isSharedReference: false };
}
