import type { AccessPolicy, SqhPlugin } from '@sqh/core/spi';
import { Lifecycle } from 'tsyringe';
import { AccessContextBuilder, type RoleTable } from './access-context.js';
import { AccessControl } from './access-control.js';
import {
  ACCESS_CONTEXT_BUILDER,
  ACCESS_CONTROL,
  ACCESS_CONTROL_OPTIONS,
  ACCESS_POLICIES,
  ACCESS_ROLES,
} from './access-tokens.js';
import { indexPolicies, type ModelPolicy } from './model-policy.js';

export interface AccessPluginOptions {
  readonly policies: readonly ModelPolicy[];
  /** Models without a policy: `deny` (the default) or `allow`. */
  readonly defaultEffect?: 'deny' | 'allow';
  /** Role name → permissions, used by the context builder. */
  readonly roles?: RoleTable;
}

/**
 * Registers the policies, the AccessControl class and the context builder in the
 * composition's tsyringe container, and hands core a policy that resolves
 * AccessControl from it on the first call, so a host can override any token
 * before then.
 */
export function accessPlugin(options: AccessPluginOptions): SqhPlugin {
  indexPolicies(options.policies);
  return {
    name: 'sqh-access',
    register(container, api) {
      container.register(ACCESS_POLICIES.name, { useValue: Object.freeze([...options.policies]) });
      container.register(ACCESS_CONTROL_OPTIONS.name, {
        useValue: Object.freeze({ defaultEffect: options.defaultEffect ?? 'deny' }),
      });
      container.register(ACCESS_ROLES.name, { useValue: Object.freeze({ ...options.roles }) });
      container.register(
        ACCESS_CONTROL.name,
        { useClass: AccessControl },
        { lifecycle: Lifecycle.ContainerScoped },
      );
      container.register(
        ACCESS_CONTEXT_BUILDER.name,
        { useClass: AccessContextBuilder },
        { lifecycle: Lifecycle.ContainerScoped },
      );
      let control: AccessControl | undefined;
      const policy: AccessPolicy = {
        name: 'sqh-access',
        decide: (request) => {
          control ??= container.resolve<AccessControl>(ACCESS_CONTROL.name);
          return control.decide(request);
        },
      };
      api.registerAccessPolicy(policy);
    },
  };
}
