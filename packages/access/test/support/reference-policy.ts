import type { AccessContext } from '@sqh/core';
import type { AccessOperation } from '@sqh/core/spi';
import type { AccessRule, AttributeRule } from '../../src/index.js';

export type Row = Readonly<Record<string, unknown>>;

/** What the reference says a caller may do: nothing, or the records a predicate accepts. */
export type ReferenceVerdict = { readonly deny: true } | { readonly deny: false; matches(row: Row): boolean };

const DENY: ReferenceVerdict = { deny: true };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const FIELD_KIND: Readonly<Record<string, 'string' | 'integer' | 'date' | 'array'>> = {
  owner: 'string',
  team: 'string',
  region: 'string',
  level: 'integer',
  observed: 'date',
  teams: 'array',
};

/**
 * The policy evaluated directly on records, written from the rules' documented
 * meaning and not from their compilation: the differential test compares every
 * backend against this.
 */
export function referenceVerdict(
  rules: readonly AccessRule[],
  operation: AccessOperation,
  access: AccessContext | undefined,
  callTenant: string,
): ReferenceVerdict {
  if (access === undefined) return DENY;
  if (access.platform !== true && access.tenantId !== callTenant) return DENY;
  if (access.platform === true) return { deny: false, matches: () => true };
  const checks: ((row: Row) => boolean)[] = [];
  for (const rule of rules) {
    if (rule.kind === 'rbac') {
      const needed = rule.permissions[operation];
      if (needed === undefined || !holds(access.permissions, needed)) return DENY;
      continue;
    }
    if (!rule.on.includes(operation)) continue;
    if (rule.bypass !== undefined && holds(access.permissions, rule.bypass)) continue;
    if (rule.kind === 'ownership') {
      checks.push((row) => row[rule.field] === access.userId);
    } else if (rule.kind === 'team') {
      checks.push((row) => {
        const value = row[rule.field];
        if (Array.isArray(value)) return value.some((item) => access.teamIds.includes(item));
        return typeof value === 'string' && access.teamIds.includes(value);
      });
    } else {
      const check = attributeCheck(rule, access);
      if (check === undefined) return DENY;
      checks.push(check);
    }
  }
  return { deny: false, matches: (row) => checks.every((check) => check(row)) };
}

function holds(permissions: readonly string[], wanted: string): boolean {
  const prefix = wanted.split(':')[0];
  return permissions.some((held) => held === wanted || (wanted.includes(':') && held === `${prefix}:*`));
}

/** A value of the attribute as the field's kind, or undefined when it cannot be one. */
function asFieldValue(kind: string, value: unknown): number | string | undefined {
  if (kind === 'string') return typeof value === 'string' ? value : undefined;
  if (kind === 'integer') return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
}

function recordValue(kind: string, value: unknown): number | string | undefined {
  if (value === null || value === undefined) return undefined;
  if (kind === 'date') return value instanceof Date ? value.getTime() : undefined;
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

function attributeCheck(rule: AttributeRule, access: AccessContext): ((row: Row) => boolean) | undefined {
  const kind = FIELD_KIND[rule.field]!;
  const attribute = access.attributes[rule.attribute];
  if (attribute === undefined || attribute === null) return undefined;
  if (Array.isArray(attribute)) {
    if (rule.op !== 'eq' && rule.op !== 'ne') return undefined;
    const values = attribute.map((item) => asFieldValue(kind, item));
    if (values.some((value) => value === undefined)) return undefined;
    return (row) => {
      const value = recordValue(kind, row[rule.field]);
      if (value === undefined) return false;
      return values.includes(value) === (rule.op === 'eq');
    };
  }
  const wanted = asFieldValue(kind, attribute);
  if (wanted === undefined) return undefined;
  return (row) => {
    const value = recordValue(kind, row[rule.field]);
    if (value === undefined) return false;
    const order = compare(value, wanted);
    switch (rule.op) {
      case 'eq':
        return order === 0;
      case 'ne':
        return order !== 0;
      case 'gt':
        return order > 0;
      case 'gte':
        return order >= 0;
      case 'lt':
        return order < 0;
      default:
        return order <= 0;
    }
  };
}

/** Numbers numerically, strings by Unicode code point. */
function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  const left = [...String(a)].map((char) => char.codePointAt(0)!);
  const right = [...String(b)].map((char) => char.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! < right[i]! ? -1 : 1;
  }
  return Math.sign(left.length - right.length);
}
