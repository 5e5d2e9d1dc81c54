import { ValidationError, type ValidationIssue } from '../errors.js';
import type { FieldDescriptor, FieldKind } from '../field-descriptor.js';
import type { Model } from '../model.js';
import { nestsDeeperThan } from '../nesting-depth.js';
import { quoteInput } from '../quoted-input.js';
import { findUnstorableText } from '../storable-text.js';
import type { FieldOperators, FilterInput, FilterNode, FilterValue, OrderSpec } from './filter-types.js';
import { foldComparison, reachableValues } from './out-of-range-constants.js';
import { QUERY_LIMITS } from './query-limits.js';

const {
  maxFilterDepth: MAX_DEPTH,
  maxFilterNodes: MAX_NODES,
  maxInValues: MAX_IN_VALUES,
  maxOrderByKeys: MAX_ORDER_BY,
  maxTextOperandLength: MAX_TEXT,
  maxValueDepth: MAX_VALUE_DEPTH,
} = QUERY_LIMITS;

const COMPARABLE: ReadonlySet<FieldKind> = new Set(['string', 'integer', 'number', 'date', 'enum']);
const EQUATABLE: ReadonlySet<FieldKind> = new Set([...COMPARABLE, 'boolean']);
const TEXT: ReadonlySet<FieldKind> = new Set(['string', 'enum']);

const OPERATORS = new Set<keyof FieldOperators>([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$null',
  '$has',
  '$icontains',
  '$startsWith',
]);
const COMBINATORS = new Set(['$and', '$or', '$not']);

class FilterValidation {
  readonly issues: ValidationIssue[] = [];
  private nodes = 0;

  constructor(private readonly model: Model) {}

  fail(path: readonly (string | number)[], message: string): undefined {
    this.issues.push({ path: ['filters', ...path], message });
    return undefined;
  }

  level(input: unknown, path: (string | number)[], depth: number): FilterNode | undefined {
    if (depth > MAX_DEPTH) return this.fail(path, `filters nest deeper than ${MAX_DEPTH} levels`);
    if (input === null || typeof input !== 'object' || Array.isArray(input) || input instanceof Date) {
      return this.fail(path, 'expected an object of field conditions');
    }
    if (!this.count(path)) return undefined;
    const nodes: FilterNode[] = [];
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      const node = key.startsWith('$')
        ? this.combinator(key, value, [...path, key], depth)
        : this.field(key, value, [...path, key]);
      if (node) nodes.push(node);
    }
    return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
  }

  /** Every field condition and every object level counts, so neither wide nor empty branches are free. */
  private count(path: readonly (string | number)[], added = 1): boolean {
    const before = this.nodes;
    this.nodes += added;
    if (before <= MAX_NODES && this.nodes > MAX_NODES) {
      this.fail(path, `filters have more than ${MAX_NODES} conditions and branches`);
    }
    return this.nodes <= MAX_NODES;
  }

  private combinator(
    key: string,
    value: unknown,
    path: (string | number)[],
    depth: number,
  ): FilterNode | undefined {
    if (!COMBINATORS.has(key)) {
      return this.fail(
        path,
        `unknown combinator ${quoteInput(key)} (use $and, $or or $not; field operators go inside a field)`,
      );
    }
    if (key === '$not') {
      const node = this.level(value, path, depth + 1);
      return node && { kind: 'not', node };
    }
    if (!Array.isArray(value)) return this.fail(path, `${key} takes an array of filters`);
    // Counted before any branch is looked at: a huge array is refused without walking it.
    if (!this.count(path, value.length)) return undefined;
    const nodes = value
      .map((item, index) => this.level(item, [...path, index], depth + 1))
      .filter((node): node is FilterNode => node !== undefined);
    return { kind: key === '$and' ? 'and' : 'or', nodes };
  }

  private field(name: string, condition: unknown, path: (string | number)[]): FilterNode | undefined {
    if (!this.count(path)) return undefined;
    const field = this.model.field(name);
    if (!field) return this.fail(path, `unknown field ${quoteInput(name)} on ${this.model.key}`);
    if (nestsDeeperThan(condition, MAX_VALUE_DEPTH)) {
      return this.fail(path, `the condition nests deeper than ${MAX_VALUE_DEPTH} levels`);
    }
    const unstorable = findUnstorableText(condition, path);
    if (unstorable) return this.fail(unstorable.path, unstorable.message);
    if (!isOperatorObject(condition)) return this.equals(field, condition, path);
    const nodes: FilterNode[] = [];
    for (const [operator, operand] of Object.entries(condition)) {
      if (operand === undefined) continue;
      const node = this.operator(field, operator, operand, [...path, operator]);
      if (node) nodes.push(node);
    }
    if (nodes.length === 0 && Object.keys(condition).length === 0) {
      return this.fail(path, 'empty operator object; give a value or an operator such as $eq');
    }
    return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
  }

  private equals(field: FieldDescriptor, value: unknown, path: (string | number)[]): FilterNode | undefined {
    if (value === null) return { kind: 'null', field: field.name, isNull: true };
    return this.operator(field, '$eq', value, path);
  }

  private operator(
    field: FieldDescriptor,
    operator: string,
    operand: unknown,
    path: (string | number)[],
  ): FilterNode | undefined {
    const name = field.name;
    if (!OPERATORS.has(operator as keyof FieldOperators)) {
      return this.fail(path, `unknown operator ${quoteInput(operator)} (known: ${[...OPERATORS].join(' ')})`);
    }
    switch (operator) {
      case '$null':
        if (typeof operand !== 'boolean') return this.fail(path, '$null takes true or false');
        return { kind: 'null', field: name, isNull: operand };
      case '$eq':
      case '$ne': {
        if (operand === null) return { kind: 'null', field: name, isNull: operator === '$eq' };
        if (!EQUATABLE.has(field.kind)) return this.unsupported(field, operator, path);
        const value = this.value(field, operand, path);
        const op = operator === '$eq' ? 'eq' : 'ne';
        if (value === undefined) return undefined;
        return foldComparison(field, op, value) ?? { kind: 'compare', field: name, op, value };
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        if (!COMPARABLE.has(field.kind)) return this.unsupported(field, operator, path);
        const value = this.value(field, operand, path);
        const op = operator.slice(1) as 'gt' | 'gte' | 'lt' | 'lte';
        if (value === undefined) return undefined;
        return foldComparison(field, op, value) ?? { kind: 'compare', field: name, op, value };
      }
      case '$in':
      case '$nin': {
        if (!EQUATABLE.has(field.kind)) return this.unsupported(field, operator, path);
        if (!Array.isArray(operand)) return this.fail(path, `${operator} takes an array of values`);
        if (operand.length > MAX_IN_VALUES)
          return this.fail(path, `${operator} takes at most ${MAX_IN_VALUES} values`);
        const values = operand.map((item, index) => this.value(field, item, [...path, index]));
        if (values.some((value) => value === undefined)) return undefined;
        const reachable = reachableValues(field, values as FilterValue[]);
        return { kind: 'in', field: name, values: reachable, negate: operator === '$nin' };
      }
      case '$has': {
        if (field.kind !== 'stringArray') return this.unsupported(field, operator, path);
        if (typeof operand !== 'string') return this.fail(path, `$has on '${name}' takes a string`);
        if (field.enumValues && !field.enumValues.includes(operand)) {
          return this.fail(path, `${quoteInput(operand)} is not one of ${field.enumValues.join(', ')}`);
        }
        return { kind: 'has', field: name, value: operand };
      }
      default: {
        if (!TEXT.has(field.kind)) return this.unsupported(field, operator, path);
        if (typeof operand !== 'string') return this.fail(path, `${operator} takes a string`);
        if (operand.length > MAX_TEXT) {
          return this.fail(path, `${operator} takes at most ${MAX_TEXT} characters, got ${operand.length}`);
        }
        return {
          kind: 'text',
          field: name,
          op: operator === '$icontains' ? 'icontains' : 'startsWith',
          value: operand,
        };
      }
    }
  }

  private unsupported(field: FieldDescriptor, operator: string, path: (string | number)[]): undefined {
    return this.fail(path, `operator ${operator} does not apply to '${field.name}' (${field.kind} field)`);
  }

  value(field: FieldDescriptor, value: unknown, path: (string | number)[]): FilterValue | undefined {
    const wrong = (expected: string) =>
      this.fail(path, `expected ${expected} for '${field.name}', got ${describe(value)}`);
    switch (field.kind) {
      case 'string':
        return typeof value === 'string' ? value : wrong('a string');
      case 'enum':
        if (typeof value !== 'string') return wrong('a string');
        return field.enumValues?.includes(value) ? value : wrong(`one of ${field.enumValues?.join(', ')}`);
      case 'integer':
        return typeof value === 'number' && Number.isSafeInteger(value) ? value : wrong('an integer');
      case 'number':
        return typeof value === 'number' && Number.isFinite(value) ? value : wrong('a finite number');
      case 'boolean':
        return typeof value === 'boolean' ? value : wrong('a boolean');
      case 'date': {
        const date =
          value instanceof Date ? value : typeof value === 'string' ? parseIsoDate(value) : undefined;
        return date && !Number.isNaN(date.getTime()) ? date : wrong('a Date or an ISO-8601 date string');
      }
      default:
        return wrong('nothing (this field cannot be compared)');
    }
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseIsoDate(value: string): Date | undefined {
  return ISO_DATE.test(value) ? new Date(value) : undefined;
}

function isOperatorObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

/**
 * Checks a caller's filter against the model and returns the normalised tree;
 * any unknown field, unknown operator or mistyped value is a ValidationError.
 * Returns undefined for an empty filter.
 */
export function validateFilter(model: Model, input: FilterInput | undefined): FilterNode | undefined {
  if (input === undefined) return undefined;
  const validation = new FilterValidation(model);
  const node = validation.level(input, [], 0);
  if (validation.issues.length > 0)
    throw new ValidationError(`Invalid filters for ${model.key}`, validation.issues);
  if (node?.kind === 'and' && node.nodes.length === 0) return undefined;
  return node;
}

const ORDERABLE: ReadonlySet<FieldKind> = new Set(['string', 'integer', 'number', 'boolean', 'date', 'enum']);

/** Parses `['-created_at', 'value']`; unknown or unorderable fields are a ValidationError. */
export function validateOrderBy(model: Model, orderBy: readonly string[] | undefined): OrderSpec[] {
  if (orderBy === undefined) return [];
  if (!Array.isArray(orderBy)) {
    throw new ValidationError(`Invalid orderBy for ${model.key}`, [
      { path: ['orderBy'], message: 'expected an array of field names' },
    ]);
  }
  if (orderBy.length > MAX_ORDER_BY) {
    throw new ValidationError(`Invalid orderBy for ${model.key}`, [
      { path: ['orderBy'], message: `at most ${MAX_ORDER_BY} entries, got ${orderBy.length}` },
    ]);
  }
  const issues: ValidationIssue[] = [];
  const specs: OrderSpec[] = [];
  const seen = new Set<string>();
  orderBy.forEach((entry, index) => {
    if (typeof entry !== 'string' || entry.length === 0) {
      issues.push({ path: ['orderBy', index], message: 'expected a field name, optionally prefixed with -' });
      return;
    }
    const descending = entry.startsWith('-');
    const name = descending ? entry.slice(1) : entry;
    const field = model.field(name);
    if (!field)
      issues.push({ path: ['orderBy', index], message: `unknown field ${quoteInput(name)} on ${model.key}` });
    else if (!ORDERABLE.has(field.kind))
      issues.push({ path: ['orderBy', index], message: `cannot order by '${name}' (${field.kind} field)` });
    // A later key on the same field can never decide an order the earlier one left tied.
    else if (!seen.has(name)) {
      seen.add(name);
      specs.push({ field: name, direction: descending ? 'desc' : 'asc' });
    }
  });
  if (issues.length > 0) throw new ValidationError(`Invalid orderBy for ${model.key}`, issues);
  return specs;
}

/** Fields a text search looks at: the given ones (checked) or every string field. */
export function validateSearchFields(model: Model, fields: readonly string[] | undefined): string[] {
  if (fields === undefined || fields.length === 0) {
    const text = model.fields.filter((field) => TEXT.has(field.kind)).map((field) => field.name);
    if (text.length === 0) {
      throw new ValidationError(`${model.key} has no text fields to search`, [
        { path: ['fields'], message: 'no string fields' },
      ]);
    }
    return text;
  }
  if (fields.length > MAX_NODES) {
    throw new ValidationError(`Invalid search fields for ${model.key}`, [
      { path: ['fields'], message: `at most ${MAX_NODES} entries, got ${fields.length}` },
    ]);
  }
  const issues: ValidationIssue[] = [];
  fields.forEach((name, index) => {
    const field = model.field(name);
    if (!field)
      issues.push({ path: ['fields', index], message: `unknown field ${quoteInput(name)} on ${model.key}` });
    else if (!TEXT.has(field.kind))
      issues.push({ path: ['fields', index], message: `'${name}' is not a text field (${field.kind})` });
  });
  if (issues.length > 0) throw new ValidationError(`Invalid search fields for ${model.key}`, issues);
  return [...new Set(fields)];
}
