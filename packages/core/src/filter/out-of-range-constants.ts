import { dateOutsideRange } from '../date-range.js';
import type { FieldDescriptor } from '../field-descriptor.js';
import type { ComparisonOperator, FilterNode, FilterValue } from './filter-types.js';

const ALWAYS: FilterNode = Object.freeze({ kind: 'and', nodes: [] });
const NEVER: FilterNode = Object.freeze({ kind: 'or', nodes: [] });

/**
 * Whether a constant lies outside every value the field can hold: its declared
 * integer bounds (the schema enforces them on every write) or the date range
 * core enforces. A backend may not be able to even express such a constant
 * (an INTEGER column cannot hold 2 ** 40), so core answers for it.
 */
function outside(field: FieldDescriptor, value: FilterValue): 'below' | 'above' | undefined {
  if (field.kind === 'date' && value instanceof Date) {
    const side = dateOutsideRange(value);
    return side === undefined ? undefined : side === 'before' ? 'below' : 'above';
  }
  if (field.kind !== 'integer' || typeof value !== 'number') return undefined;
  if (field.min !== undefined && value < field.min) return 'below';
  if (field.max !== undefined && value > field.max) return 'above';
  return undefined;
}

/**
 * A comparison with a constant no stored value can reach, rewritten to what it
 * means for every record (core's semantics: a missing value fails every
 * comparison and passes `ne`); undefined when the constant is in range.
 */
export function foldComparison(
  field: FieldDescriptor,
  op: ComparisonOperator,
  value: FilterValue,
): FilterNode | undefined {
  const side = outside(field, value);
  if (side === undefined) return undefined;
  const hasValue: FilterNode = { kind: 'null', field: field.name, isNull: false };
  switch (op) {
    case 'eq':
      return NEVER;
    case 'ne':
      return ALWAYS;
    case 'lt':
    case 'lte':
      return side === 'above' ? hasValue : NEVER;
    case 'gt':
    case 'gte':
      return side === 'below' ? hasValue : NEVER;
  }
}

/** `$in` / `$nin` values without those no stored value can equal. */
export function reachableValues(field: FieldDescriptor, values: readonly FilterValue[]): FilterValue[] {
  return values.filter((value) => outside(field, value) === undefined);
}
