import { isSqhError } from '../errors.js';
import type { Model } from '../model.js';
import type { FilterInput, FilterNode } from './filter-types.js';
import { validateFilter } from './filter-validator.js';

/** A checked scope, or why it cannot be used (a deny). */
export type ScopeCheck = { readonly filter: FilterNode } | { readonly problem: string };

/**
 * Turns a policy's allowWhere filter into a FilterNode, refusing anything that could
 * widen access: a null or undefined value anywhere (a value the policy did not have,
 * e.g. `{ owner: access?.userId }` without a user; write `{ $null: true }` to mean
 * "has no value"), an empty filter, and any part that holds for every record
 * (`{}`, `{ $and: [] }`, `{ $not: { $or: [] } }`).
 */
export function checkAccessScope(model: Model, input: unknown): ScopeCheck {
  const missing = findMissingValue(input, []);
  if (missing !== undefined)
    return { problem: `the scope has a missing (null or undefined) value at ${missing}` };
  let filter: FilterNode | undefined;
  try {
    filter = validateFilter(model, input as FilterInput);
  } catch (error) {
    if (!isSqhError(error)) throw error;
    return { problem: `the scope is not a valid filter for ${model.key}: ${error.message}` };
  }
  if (filter === undefined || holdsForEveryRecord(filter)) return { problem: 'the scope is empty' };
  return { filter };
}

function findMissingValue(value: unknown, path: readonly (string | number)[]): string | undefined {
  if (value === undefined || value === null) return path.length === 0 ? '(root)' : path.join('.');
  if (typeof value !== 'object' || value instanceof Date) return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findMissingValue(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** True when the node, or any part of it, is constantly true: such a part can only widen. */
function holdsForEveryRecord(node: FilterNode): boolean {
  if (constantValue(node) === true) return true;
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.nodes.some(holdsForEveryRecord);
    case 'not':
      return holdsForEveryRecord(node.node);
    default:
      return false;
  }
}

/** true/false when the node's value does not depend on the record, otherwise undefined. */
function constantValue(node: FilterNode): boolean | undefined {
  switch (node.kind) {
    case 'and': {
      const values = node.nodes.map(constantValue);
      if (values.includes(false)) return false;
      return values.every((value) => value === true) ? true : undefined;
    }
    case 'or': {
      const values = node.nodes.map(constantValue);
      if (values.includes(true)) return true;
      return values.every((value) => value === false) ? false : undefined;
    }
    case 'not': {
      const value = constantValue(node.node);
      return value === undefined ? undefined : !value;
    }
    default:
      return undefined;
  }
}
