export {
  AccessContextBuilder,
  buildAccessContext,
  buildPlatformContext,
  type RoleTable,
  type SignedInUser,
} from './access-context.js';
export { AccessControl, type AccessControlOptions } from './access-control.js';
export { type AccessPluginOptions, accessPlugin } from './access-plugin.js';
export {
  type AccessRule,
  ALL_OPERATIONS,
  type AttributeComparison,
  type AttributeRule,
  abac,
  type OwnershipRule,
  ownership,
  type RbacRule,
  rbac,
  type TeamRule,
  team,
} from './access-rules.js';
export {
  ACCESS_CONTEXT_BUILDER,
  ACCESS_CONTROL,
  ACCESS_CONTROL_OPTIONS,
  ACCESS_POLICIES,
  ACCESS_ROLES,
} from './access-tokens.js';
export { decideModelPolicy } from './decide-model-policy.js';
export { type ModelPolicy, modelPolicy } from './model-policy.js';
