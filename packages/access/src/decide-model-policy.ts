import {
  type AccessContext,
  type AccessDecision,
  type AccessOperation,
  type FilterInput,
  holdsPermission,
} from '@sqh/core/spi';
import type { AccessRule, AttributeRule } from './access-rules.js';
import type { ModelPolicy } from './model-policy.js';

type RuleOutcome = { readonly deny: string } | { readonly filter: FilterInput } | undefined;

/**
 * Compiles one model's rules for one caller and operation into a core decision:
 * a deny, an allow, or the AND of every scope as a Filter AST the backend enforces
 * in the same statement. Pure: the same inputs give the same decision.
 */
export function decideModelPolicy(
  policy: ModelPolicy,
  operation: AccessOperation,
  access: AccessContext | undefined,
): AccessDecision {
  if (access === undefined) return { effect: 'deny', reason: 'no access context' };
  if (access.platform === true) return { effect: 'allow' };
  const filters: FilterInput[] = [];
  for (const rule of policy.rules) {
    const outcome = applyRule(policy, rule, operation, access);
    if (outcome === undefined) continue;
    if ('deny' in outcome) return { effect: 'deny', reason: outcome.deny };
    filters.push(outcome.filter);
  }
  if (filters.length === 0) return { effect: 'allow' };
  return { effect: 'allowWhere', filter: filters.length === 1 ? filters[0]! : { $and: filters } };
}

function applyRule(
  policy: ModelPolicy,
  rule: AccessRule,
  operation: AccessOperation,
  access: AccessContext,
): RuleOutcome {
  if (rule.kind === 'rbac') {
    const needed = rule.permissions[operation];
    if (needed === undefined) return { deny: `no permission grants ${operation}` };
    return holdsPermission(access.permissions, needed)
      ? undefined
      : { deny: `needs the permission '${needed}'` };
  }
  if (!rule.on.includes(operation)) return undefined;
  if (rule.bypass !== undefined && holdsPermission(access.permissions, rule.bypass)) return undefined;
  switch (rule.kind) {
    case 'ownership':
      return { filter: { [rule.field]: { $eq: access.userId } } };
    case 'team':
      return { filter: teamFilter(policy, rule.field, access.teamIds) };
    case 'abac':
      return attributeFilter(rule, access);
  }
}

/** `$in` for a string field, `$has` per team for an array field; no teams matches nothing. */
function teamFilter(policy: ModelPolicy, field: string, teamIds: readonly string[]): FilterInput {
  if (policy.model.field(field)?.kind === 'stringArray') {
    return { $or: teamIds.map((teamId) => ({ [field]: { $has: teamId } })) };
  }
  return { [field]: { $in: [...teamIds] } };
}

function attributeFilter(rule: AttributeRule, access: AccessContext): RuleOutcome {
  const value = access.attributes[rule.attribute];
  if (value === undefined || value === null) return { deny: `the attribute '${rule.attribute}' is missing` };
  if (typeof value === 'object') {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      return { deny: `the attribute '${rule.attribute}' is neither a value nor a set of strings` };
    }
    if (rule.op === 'eq') return { filter: { [rule.field]: { $in: [...value] } } };
    if (rule.op === 'ne') return { filter: { [rule.field]: { $nin: [...value], $null: false } } };
    return { deny: `the attribute '${rule.attribute}' is a set; ${rule.op} needs one value` };
  }
  // A record without the field is not "different from" the caller's value: it stays out of scope.
  if (rule.op === 'ne') return { filter: { [rule.field]: { $ne: value, $null: false } } };
  return { filter: { [rule.field]: { [`$${rule.op}`]: value } } };
}
