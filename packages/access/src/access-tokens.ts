import { createServiceToken } from '@sqh/core/spi';
import type { AccessContextBuilder, RoleTable } from './access-context.js';
import type { AccessControl, AccessControlOptions } from './access-control.js';
import type { ModelPolicy } from './model-policy.js';

/**
 * What `accessPlugin` registers in the composition's container. A host may
 * register its own value for any of them (`sqh.container.register(TOKEN.name,
 * { useValue })`) before the first call; the policy is built on first use.
 */
export const ACCESS_POLICIES = createServiceToken<readonly ModelPolicy[]>('sqh.access.policies');
export const ACCESS_CONTROL_OPTIONS = createServiceToken<AccessControlOptions>('sqh.access.options');
export const ACCESS_ROLES = createServiceToken<RoleTable>('sqh.access.roles');
export const ACCESS_CONTEXT_BUILDER = createServiceToken<AccessContextBuilder>('sqh.access.context-builder');
export const ACCESS_CONTROL = createServiceToken<AccessControl>('sqh.access.control');
