import type { FilterNode, FilterValue, OrderSpec } from './filter-types.js';

type Row = Readonly<Record<string, unknown>>;

/** Compares strings by Unicode code point (JS `<` compares UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i === b.length - j ? 0 : a.length - i < b.length - j ? -1 : 1;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

/** Orders two present values of one field kind; -1, 0 or 1. */
export function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return compareCodePoints(String(a), String(b));
}

function equal(a: unknown, b: FilterValue): boolean {
  return !isMissing(a) && compareValues(a, b) === 0;
}

/**
 * The reference semantics of a FilterNode (see FilterNode's documentation):
 * in-memory backends use it directly, and the record service uses it to check
 * that a new record stays inside an access scope.
 */
export function matchesFilter(node: FilterNode | undefined, record: Row): boolean {
  if (node === undefined) return true;
  switch (node.kind) {
    case 'and':
      return node.nodes.every((child) => matchesFilter(child, record));
    case 'or':
      return node.nodes.some((child) => matchesFilter(child, record));
    case 'not':
      return !matchesFilter(node.node, record);
    case 'null':
      return isMissing(record[node.field]) === node.isNull;
    case 'compare': {
      const value = record[node.field];
      if (node.op === 'ne') return !equal(value, node.value);
      if (isMissing(value)) return false;
      const order = compareValues(value, node.value);
      switch (node.op) {
        case 'eq':
          return order === 0;
        case 'gt':
          return order > 0;
        case 'gte':
          return order >= 0;
        case 'lt':
          return order < 0;
        default:
          return order <= 0;
      }
    }
    case 'in': {
      const value = record[node.field];
      const found = node.values.some((candidate) => equal(value, candidate));
      return node.negate ? !found : found;
    }
    case 'has': {
      const value = record[node.field];
      if (value instanceof Set) return value.has(node.value);
      return Array.isArray(value) && value.includes(node.value);
    }
    case 'text': {
      const value = record[node.field];
      if (typeof value !== 'string') return false;
      return node.op === 'startsWith'
        ? value.startsWith(node.value)
        : value.toLowerCase().includes(node.value.toLowerCase());
    }
  }
}

/**
 * The reference ordering: each key in turn, missing values last when ascending
 * and first when descending (PostgreSQL's default), then `id` ascending.
 */
export function compareRecords(a: Row, b: Row, order: readonly OrderSpec[]): number {
  for (const { field, direction } of order) {
    const av = a[field];
    const bv = b[field];
    const aMissing = isMissing(av);
    const bMissing = isMissing(bv);
    let result: number;
    if (aMissing || bMissing) result = aMissing === bMissing ? 0 : aMissing ? 1 : -1;
    else result = compareValues(av, bv);
    if (result !== 0) return direction === 'asc' ? result : -result;
  }
  return compareCodePoints(String(a.id), String(b.id));
}
