/** A value a filter compares against. Dates may also be given as ISO-8601 strings. */
export type FilterScalar = string | number | boolean | Date;

/** Operators on one field. Several operators in one object all have to hold. */
export interface FieldOperators {
  readonly $eq?: FilterScalar | null;
  readonly $ne?: FilterScalar | null;
  readonly $gt?: FilterScalar;
  readonly $gte?: FilterScalar;
  readonly $lt?: FilterScalar;
  readonly $lte?: FilterScalar;
  readonly $in?: readonly FilterScalar[];
  readonly $nin?: readonly FilterScalar[];
  /** `true`: the field is null or absent; `false`: it has a value. */
  readonly $null?: boolean;
  /** Array fields: the array contains this element. */
  readonly $has?: FilterScalar;
  /** Case-insensitive substring match. */
  readonly $icontains?: string;
  /** Case-sensitive prefix match. */
  readonly $startsWith?: string;
}

export type FieldCondition = FilterScalar | null | FieldOperators;

/**
 * The backend-neutral filter language callers write:
 * `{ test_type: 'ph', value: { $gte: 7 }, $or: [{ a: 1 }, { b: { $null: true } }] }`.
 * Keys at one level all have to hold.
 */
export interface FilterInput {
  readonly $and?: readonly FilterInput[];
  readonly $or?: readonly FilterInput[];
  readonly $not?: FilterInput;
  readonly [field: string]: FieldCondition | FilterInput | readonly FilterInput[] | undefined;
}

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';
export type TextOperator = 'icontains' | 'startsWith';

/**
 * The validated, normalised filter every backend compiles. Semantics (the same
 * on every backend, checked by @sqh/conformance):
 * - two-valued logic: every node is true or false for a record, never unknown;
 * - a null or absent field fails every comparison, `in`, `has` and text match,
 *   and passes `ne`/`nin` (nothing equals a missing value);
 * - `not` is the exact complement of its child;
 * - strings compare by Unicode code point; `icontains` compares lower-cased text.
 */
export type FilterNode =
  | { readonly kind: 'and'; readonly nodes: readonly FilterNode[] }
  | { readonly kind: 'or'; readonly nodes: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly node: FilterNode }
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: ComparisonOperator;
      readonly value: FilterValue;
    }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly values: readonly FilterValue[];
      readonly negate: boolean;
    }
  | { readonly kind: 'null'; readonly field: string; readonly isNull: boolean }
  | { readonly kind: 'has'; readonly field: string; readonly value: string }
  | { readonly kind: 'text'; readonly field: string; readonly op: TextOperator; readonly value: string };

/** A normalised value: dates are always Date objects. */
export type FilterValue = string | number | boolean | Date;

export type SortDirection = 'asc' | 'desc';

/** One ordering key. Ties are always broken by `id` ascending so paging is stable. */
export interface OrderSpec {
  readonly field: string;
  readonly direction: SortDirection;
}
