import type { IsonReference } from './ison-reference.js';

/** A JSON value: what a `:json` field carries for nested arrays and objects. */
export type IsonJson =
  | null
  | boolean
  | number
  | string
  | readonly IsonJson[]
  | { readonly [key: string]: IsonJson };

/**
 * A single ISON value. Integers beyond ±(2^53 − 1) decode as `bigint` so they
 * keep every digit; every other number decodes as `number`.
 */
export type IsonScalar = string | number | bigint | boolean | null | IsonReference;

/**
 * A value in a decoded row: a scalar, a JSON value from a `:json` field, a
 * nested row built from dotted field names (`owner.name`), or a `Date` when
 * the field was listed in `DecodeOptions.dateFields`.
 */
export type IsonValue = IsonScalar | Date | IsonJson | IsonRow;

/** A decoded row: a plain object keyed by field name. */
export interface IsonRow {
  readonly [field: string]: IsonValue;
}

/** A row to encode: any plain object, such as a query result row. */
export type IsonRecordInput = Readonly<Record<string, unknown>>;
