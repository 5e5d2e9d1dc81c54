import { ConfigurationError, type FieldKind, type Model } from '@sqh/core/spi';
import type { AccessRule, AttributeComparison } from './access-rules.js';

/** The rules of one model; they combine with AND. */
export interface ModelPolicy {
  readonly model: Model;
  readonly rules: readonly AccessRule[];
}

const ID_KINDS: ReadonlySet<FieldKind> = new Set(['string', 'enum']);
const TEAM_KINDS: ReadonlySet<FieldKind> = new Set(['string', 'enum', 'stringArray']);
const EQUATABLE: ReadonlySet<FieldKind> = new Set(['string', 'enum', 'integer', 'number', 'date', 'boolean']);
const ORDERED: ReadonlySet<FieldKind> = new Set(['string', 'enum', 'integer', 'number', 'date']);

/**
 * Declares a model's access rules, checked against the model now so a typo is a
 * CONFIGURATION error at start-up rather than a rule that silently never matches.
 */
export function modelPolicy(model: Model, ...rules: AccessRule[]): ModelPolicy {
  rules.forEach((rule, index) => {
    const problem = ruleProblem(model, rule);
    if (problem) {
      throw new ConfigurationError(
        `Access policy for ${model.key}, rule ${index + 1} (${rule.kind}): ${problem}.`,
      );
    }
  });
  return Object.freeze({ model, rules: Object.freeze([...rules]) });
}

function ruleProblem(model: Model, rule: AccessRule): string | undefined {
  if (rule.kind === 'rbac') {
    const empty = Object.entries(rule.permissions).find(([, permission]) => !isPermission(permission));
    return empty ? `the permission for ${empty[0]} must be a non-empty string` : undefined;
  }
  if (rule.on.length === 0) return 'it applies to no operation; omit `on` for all of them';
  if (rule.bypass !== undefined && !isPermission(rule.bypass)) return 'bypass must be a non-empty permission';
  const field = model.field(rule.field);
  if (!field) return `'${rule.field}' is not a field of ${model.key}`;
  switch (rule.kind) {
    case 'ownership':
      return ID_KINDS.has(field.kind) ? undefined : `'${rule.field}' holds ${field.kind}, not a user id`;
    case 'team':
      return TEAM_KINDS.has(field.kind) ? undefined : `'${rule.field}' holds ${field.kind}, not team ids`;
    case 'abac':
      if (typeof rule.attribute !== 'string' || rule.attribute.length === 0) return 'attribute must be named';
      return comparable(field.kind, rule.op)
        ? undefined
        : `'${rule.field}' (${field.kind}) cannot be compared with ${rule.op}`;
  }
}

function comparable(kind: FieldKind, op: AttributeComparison): boolean {
  return op === 'eq' || op === 'ne' ? EQUATABLE.has(kind) : ORDERED.has(kind);
}

function isPermission(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** Policies by model key; two for one model is a CONFIGURATION error. */
export function indexPolicies(policies: readonly ModelPolicy[]): ReadonlyMap<string, ModelPolicy> {
  const byModel = new Map<string, ModelPolicy>();
  for (const policy of policies) {
    if (byModel.has(policy.model.key)) {
      throw new ConfigurationError(
        `Two access policies are declared for ${policy.model.key}; merge their rules.`,
      );
    }
    byModel.set(policy.model.key, policy);
  }
  return byModel;
}
