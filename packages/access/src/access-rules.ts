import type { AccessOperation } from '@sqh/core/spi';

/** Every operation a rule can apply to. */
export const ALL_OPERATIONS: readonly AccessOperation[] = Object.freeze([
  'read',
  'create',
  'update',
  'delete',
]);

interface ScopedRule {
  /** Operations the rule applies to; all of them when omitted. */
  readonly on: readonly AccessOperation[];
  /** A permission that lifts this rule, e.g. `lab:read_all` (the other rules still apply). */
  readonly bypass?: string;
}

/** RBAC: the permission each operation needs. An operation with no permission listed is denied. */
export interface RbacRule {
  readonly kind: 'rbac';
  readonly permissions: Readonly<Partial<Record<AccessOperation, string>>>;
}

/** Records whose `field` equals the caller's user id. */
export interface OwnershipRule extends ScopedRule {
  readonly kind: 'ownership';
  readonly field: string;
}

/** Records whose `field` (a string, or an array of strings) names one of the caller's teams. */
export interface TeamRule extends ScopedRule {
  readonly kind: 'team';
  readonly field: string;
}

export type AttributeComparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

/**
 * ABAC: a record field compared with one of the caller's attributes
 * (`record.field <op> attributes[attribute]`). A set attribute means "one of"
 * for `eq` and "none of" for `ne`; a missing attribute is a deny.
 */
export interface AttributeRule extends ScopedRule {
  readonly kind: 'abac';
  readonly field: string;
  readonly attribute: string;
  readonly op: AttributeComparison;
}

export type AccessRule = RbacRule | OwnershipRule | TeamRule | AttributeRule;

interface ScopeOptions {
  readonly on?: readonly AccessOperation[];
  readonly bypass?: string;
}

function scoped(options: ScopeOptions): ScopedRule {
  return {
    on: Object.freeze([...(options.on ?? ALL_OPERATIONS)]),
    ...(options.bypass === undefined ? {} : { bypass: options.bypass }),
  };
}

/**
 * `rbac({ read: 'lab:read', write: 'lab:write' })`: `write` stands for create, update
 * and delete unless one of them is given on its own. `lab:*` in a caller's
 * permissions grants every `lab:` permission.
 */
export function rbac(permissions: Readonly<Partial<Record<AccessOperation | 'write', string>>>): RbacRule {
  const { write, ...byOperation } = permissions;
  const resolved: Partial<Record<AccessOperation, string>> = {};
  for (const operation of ALL_OPERATIONS) {
    const permission = byOperation[operation] ?? (operation === 'read' ? undefined : write);
    if (permission !== undefined) resolved[operation] = permission;
  }
  return Object.freeze({ kind: 'rbac', permissions: Object.freeze(resolved) });
}

/** `ownership('owner', { bypass: 'lab:read_all', on: ['read'] })`. */
export function ownership(field: string, options: ScopeOptions = {}): OwnershipRule {
  return Object.freeze({ kind: 'ownership', field, ...scoped(options) });
}

/** `team('team_id')`: a string field, or an array field holding several team ids. */
export function team(field: string, options: ScopeOptions = {}): TeamRule {
  return Object.freeze({ kind: 'team', field, ...scoped(options) });
}

/** `abac('region', { attribute: 'region' })`, `abac('level', { attribute: 'clearance', op: 'lte' })`. */
export function abac(
  field: string,
  options: ScopeOptions & { readonly attribute: string; readonly op?: AttributeComparison },
): AttributeRule {
  return Object.freeze({
    kind: 'abac',
    field,
    attribute: options.attribute,
    op: options.op ?? 'eq',
    ...scoped(options),
  });
}
