import type { AccessContext, FilterInput, SqhPlugin } from '@sqh/core';

/** An access policy that narrows each named user to a filter (on every model); everyone else is unrestricted. */
export function accessScopePlugin(scopes: Readonly<Record<string, FilterInput>>): SqhPlugin {
  return {
    name: 'test-access-scope',
    register: (_container, api) =>
      api.registerAccessPolicy({
        decide: ({ access }) => {
          const filter = access ? scopes[access.userId] : undefined;
          return filter ? { effect: 'allowWhere', filter } : { effect: 'allow' };
        },
      }),
  };
}

export function asUser(userId: string, tenantId: string): { access: AccessContext } {
  return {
    access: { userId, teamIds: [], tenantId, permissions: [], attributes: {}, isSharedReference: false },
  };
}
