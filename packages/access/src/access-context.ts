import 'reflect-metadata';
import {
  type AccessContext,
  assertTenantId,
  quoteInput,
  ValidationError,
  type ValidationIssue,
} from '@sqh/core/spi';
import { inject, injectable } from 'tsyringe';
import { ACCESS_ROLES } from './access-tokens.js';

type AttributeValue = AccessContext['attributes'][string];

/** A signed-in user as the platform knows them. */
export interface SignedInUser {
  readonly id: string;
  readonly teamIds?: readonly string[];
  /** Roles expand to permissions through the role table given to the builder. */
  readonly roles?: readonly string[];
  /** Permissions held directly, e.g. `lab:read`. */
  readonly permissions?: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** Role name → the permissions it grants: `{ analyst: ['lab:read'], admin: ['lab:*'] }`. */
export type RoleTable = Readonly<Record<string, readonly string[]>>;

/**
 * The one way the platform turns a signed-in user into an AccessContext for one
 * tenant. Bad input is a ValidationError naming the field; an unknown role is an
 * error too, so a typo never silently grants or withholds.
 */
export function buildAccessContext(
  user: SignedInUser,
  tenantId: string,
  roles: RoleTable = {},
): AccessContext {
  const issues: ValidationIssue[] = [];
  const problem = (path: string, message: string) => issues.push({ path: ['user', path], message });
  if (user === null || typeof user !== 'object') {
    throw new ValidationError('Invalid user for an access context', [
      { path: ['user'], message: 'expected an object' },
    ]);
  }
  if (typeof user.id !== 'string' || user.id.length === 0) problem('id', 'expected a non-empty string');
  const teamIds = stringList(user.teamIds, 'teamIds', problem);
  const direct = stringList(user.permissions, 'permissions', problem);
  const granted: string[] = [];
  for (const role of stringList(user.roles, 'roles', problem)) {
    const permissions = Object.hasOwn(roles, role) ? roles[role] : undefined;
    if (permissions === undefined) problem('roles', `unknown role ${quoteInput(role)}`);
    else granted.push(...permissions);
  }
  const attributes = user.attributes ?? {};
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
    problem('attributes', 'expected an object of attribute values');
  } else {
    for (const [name, value] of Object.entries(attributes)) {
      if (!isAttributeValue(value)) {
        problem(
          'attributes',
          `${quoteInput(name)} must be a string, a finite number, a boolean or an array of strings`,
        );
      }
    }
  }
  if (issues.length > 0) throw new ValidationError('Invalid user for an access context', issues);
  assertTenantId(tenantId);
  return Object.freeze({
    userId: user.id,
    teamIds: Object.freeze(teamIds),
    tenantId,
    permissions: Object.freeze([...new Set([...direct, ...granted])]),
    attributes: Object.freeze({ ...attributes }),
    isSharedReference: false,
  });
}

/**
 * A platform (system) context for jobs: it may act on any tenant and every model
 * with an @sqh/access policy. Shared reference writes still need
 * `shared_reference:write` in `permissions`.
 */
export function buildPlatformContext(jobName: string, permissions: readonly string[] = []): AccessContext {
  if (typeof jobName !== 'string' || jobName.length === 0) {
    throw new ValidationError('Invalid platform context', [
      { path: ['jobName'], message: 'expected a non-empty string' },
    ]);
  }
  return Object.freeze({
    userId: `platform:${jobName}`,
    teamIds: Object.freeze([]),
    tenantId: null,
    permissions: Object.freeze([...permissions]),
    attributes: Object.freeze({}),
    isSharedReference: false,
    platform: true,
  });
}

function isAttributeValue(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function stringList(
  value: readonly string[] | undefined,
  name: string,
  problem: (path: string, message: string) => void,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length > 0)) {
    problem(name, 'expected an array of non-empty strings');
    return [];
  }
  return [...value];
}

/** The container's context builder (`sqh.get(ACCESS_CONTEXT_BUILDER)`); a host may register its own. */
@injectable()
export class AccessContextBuilder {
  constructor(@inject(ACCESS_ROLES.name) private readonly roles: RoleTable) {}

  build(user: SignedInUser, tenantId: string): AccessContext {
    return buildAccessContext(user, tenantId, this.roles);
  }
}
