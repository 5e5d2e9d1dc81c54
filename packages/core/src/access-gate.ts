import type { AccessContext, AccessDecision, AccessPolicy } from './access-policy.js';
import {
  type AccessCheck,
  type AccessService,
  bindAccessContext,
  holdsPermission,
  type ResolvedAccessDecision,
  SHARED_REFERENCE_WRITE,
} from './access-service.js';
import { AccessDeniedError, ConfigurationError } from './errors.js';
import { checkAccessScope } from './filter/access-scope.js';
import type { FilterNode } from './filter/filter-types.js';

const ALLOW: ResolvedAccessDecision = Object.freeze({ effect: 'allow' });

function deny(reason: string): ResolvedAccessDecision {
  return { effect: 'deny', reason };
}

/**
 * Core's AccessService. Before the composition's policy is asked, it binds the
 * context to the call (tenant, shared reference rules); after, it checks the
 * policy's scope. Without a registered policy and without an access context, the
 * composition has no access control and everything is allowed.
 */
export class AccessGate implements AccessService {
  /** `policy` is read at every decision, so a policy registered after the gate counts. */
  constructor(private readonly policy: () => AccessPolicy | undefined) {}

  async decide(check: AccessCheck): Promise<ResolvedAccessDecision> {
    const policy = this.policy();
    const { model, operation } = check;
    // Bound here too, so query services that pass the caller's context as given get the same answer.
    const access = check.access && bindAccessContext(model, check.access);
    if (access !== undefined) {
      const malformed = malformedField(access);
      if (malformed) return deny(`the access context is malformed (${malformed})`);
      if (check.tenantId !== null && access.platform !== true && access.tenantId !== check.tenantId) {
        return deny('the access context belongs to another tenant');
      }
    }
    if (model.storage.shared && (policy !== undefined || access !== undefined)) {
      if (access === undefined) return deny('shared reference data needs an access context');
      if (operation !== 'read' && !holdsPermission(access.permissions, SHARED_REFERENCE_WRITE)) {
        return deny(`writing shared reference data needs the permission '${SHARED_REFERENCE_WRITE}'`);
      }
    }
    if (policy === undefined) return ALLOW;
    const label = policy.name ? `policy '${policy.name}'` : 'the access policy';
    const decision: AccessDecision = await policy.decide({
      model,
      operation,
      tenantId: check.tenantId,
      ...(access ? { access } : {}),
    });
    switch (decision?.effect) {
      case 'allow':
        return ALLOW;
      case 'deny':
        return deny(typeof decision.reason === 'string' ? decision.reason : `${label} denied it`);
      case 'allowWhere': {
        const scope = checkAccessScope(model, decision.filter);
        return 'filter' in scope
          ? { effect: 'allowWhere', filter: scope.filter }
          : deny(`${label} gave no usable scope for ${model.key}: ${scope.problem}`);
      }
      default:
        throw new ConfigurationError(
          `${label} returned no decision for ${operation} on ${model.key}; return allow, deny or allowWhere.`,
        );
    }
  }

  async authorize(check: AccessCheck): Promise<FilterNode | undefined> {
    const decision = await this.decide(check);
    switch (decision.effect) {
      case 'allow':
        return undefined;
      case 'allowWhere':
        return decision.filter;
      default:
        throw new AccessDeniedError(
          `Access denied: ${check.operation} on ${check.model.key}: ${decision.reason}`,
        );
    }
  }
}

/** A context from untyped callers can lack fields the rules read; such a context grants nothing. */
function malformedField(access: AccessContext): string | undefined {
  if (access === null || typeof access !== 'object') return 'not an object';
  if (typeof access.userId !== 'string' || access.userId.length === 0) return 'userId';
  if (access.tenantId !== null && typeof access.tenantId !== 'string') return 'tenantId';
  if (!isStringArray(access.teamIds)) return 'teamIds';
  if (!isStringArray(access.permissions)) return 'permissions';
  if (access.attributes === null || typeof access.attributes !== 'object') return 'attributes';
  return undefined;
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
