import { ValidationError, type ValidationIssue } from '../errors.js';
import { ID_FIELD } from '../field-descriptor.js';
import type { Model } from '../model.js';
import type { FilterNode, FilterValue, OrderSpec } from './filter-types.js';

const TRUE: FilterNode = { kind: 'and', nodes: [] };
const FALSE: FilterNode = { kind: 'or', nodes: [] };

type CursorValue = FilterValue | null;

/**
 * Keyset paging: the records that come after `after` (the last record of the
 * previous page) in the list's order, as a filter every backend already
 * understands. Unlike `skip`, a page costs the same however deep it is, and
 * records inserted before the cursor do not shift later pages.
 *
 * The order is core's (see compareRecords): each key in turn, missing values
 * last ascending and first descending, then `id` ascending. A record comes
 * after the cursor when, for some key, it ties the cursor on every earlier key
 * and is beyond it on this one. The first key's bound is repeated on its own
 * (`created_at <= $1 AND (...)`) so a database can start an index scan there.
 */
export function keysetFilter(model: Model, order: readonly OrderSpec[], after: unknown): FilterNode {
  const keys = order.some((spec) => spec.field === ID_FIELD)
    ? order
    : [...order, { field: ID_FIELD, direction: 'asc' as const }];
  const values = cursorValues(model, keys, after);
  const branches: FilterNode[] = [];
  for (let index = 0; index < keys.length; index++) {
    const beyond = beyondNode(model, keys[index]!, values[index]!);
    if (beyond === FALSE) continue;
    const ties = keys.slice(0, index).map((key, at) => equalNode(key.field, values[at]!));
    branches.push(ties.length === 0 ? beyond : { kind: 'and', nodes: [...ties, beyond] });
  }
  const beyond: FilterNode = branches.length === 1 ? branches[0]! : { kind: 'or', nodes: branches };
  const bound = keys.length > 1 ? leadingBound(model, keys[0]!, values[0]!) : TRUE;
  return bound === TRUE ? beyond : { kind: 'and', nodes: [bound, beyond] };
}

function cursorValues(model: Model, keys: readonly OrderSpec[], after: unknown): CursorValue[] {
  const invalid = (issues: ValidationIssue[]) =>
    new ValidationError(
      `Invalid cursor for ${model.key}: pass the last record of the previous page as 'after'`,
      issues,
    );
  if (after === null || typeof after !== 'object' || Array.isArray(after)) {
    throw invalid([{ path: ['after'], message: 'expected a record (an object with an id)' }]);
  }
  const record = after as Readonly<Record<string, unknown>>;
  const issues: ValidationIssue[] = [];
  const values = keys.map(({ field }) => {
    const value = record[field];
    const problem = valueProblem(model, field, value);
    if (problem !== undefined) issues.push({ path: ['after', field], message: problem });
    return value === undefined ? null : (value as CursorValue);
  });
  if (issues.length > 0) throw invalid(issues);
  return values;
}

function valueProblem(model: Model, name: string, value: unknown): string | undefined {
  const field = model.field(name)!;
  if (value === null || value === undefined) {
    return name === ID_FIELD || (!field.nullable && !field.optional)
      ? `missing: the cursor needs the record's '${name}'`
      : undefined;
  }
  switch (field.kind) {
    case 'string':
    case 'enum':
      return typeof value === 'string' ? undefined : 'expected a string';
    case 'integer':
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a finite number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected a boolean';
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : 'expected a Date';
    default:
      return `cannot page by a ${field.kind} field`;
  }
}

function mayBeMissing(model: Model, name: string): boolean {
  const field = model.field(name)!;
  return name !== ID_FIELD && (field.nullable || field.optional);
}

function equalNode(field: string, value: CursorValue): FilterNode {
  return value === null ? { kind: 'null', field, isNull: true } : { kind: 'compare', field, op: 'eq', value };
}

/** Records strictly beyond `value` on one key, in that key's direction. */
function beyondNode(model: Model, { field, direction }: OrderSpec, value: CursorValue): FilterNode {
  const missing: FilterNode = { kind: 'null', field, isNull: true };
  const nullable = mayBeMissing(model, field);
  if (direction === 'asc') {
    // Missing values come last: after a missing value there is nothing on this key.
    if (value === null) return FALSE;
    // Booleans have no range comparison on every backend; false < true.
    const greater: FilterNode =
      typeof value === 'boolean'
        ? value
          ? FALSE
          : { kind: 'compare', field, op: 'eq', value: true }
        : { kind: 'compare', field, op: 'gt', value };
    if (!nullable) return greater;
    return greater === FALSE ? missing : { kind: 'or', nodes: [greater, missing] };
  }
  // Descending: missing values come first, so every present value is beyond one.
  if (value === null) return { kind: 'null', field, isNull: false };
  if (typeof value === 'boolean') return value ? { kind: 'compare', field, op: 'eq', value: false } : FALSE;
  return { kind: 'compare', field, op: 'lt', value };
}

/** `key >= value` (ascending) or `key <= value` (descending) when that is a plain range; TRUE otherwise. */
function leadingBound(model: Model, { field, direction }: OrderSpec, value: CursorValue): FilterNode {
  if (value === null || typeof value === 'boolean') return TRUE;
  if (direction === 'desc') return { kind: 'compare', field, op: 'lte', value };
  return mayBeMissing(model, field) ? TRUE : { kind: 'compare', field, op: 'gte', value };
}
