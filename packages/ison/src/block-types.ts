import type { IsonRecordInput, IsonRow } from './value-types.js';

/** `table` blocks hold rows; `object` blocks hold a single record. */
export type IsonBlockKind = 'table' | 'object';

/** A field of a block header: `name` or `name:type` (the type is an annotation). */
export interface IsonField {
  readonly name: string;
  readonly type?: string;
}

/** A decoded block. */
export interface IsonBlock {
  readonly kind: IsonBlockKind;
  readonly name: string;
  readonly fields: readonly IsonField[];
  readonly rows: readonly IsonRow[];
  /** The raw line after a `---` separator, when the block has one. */
  readonly summary?: string;
}

/** A block to encode; a decoded `IsonBlock` is one. */
export interface IsonBlockInput {
  readonly kind: IsonBlockKind;
  readonly name: string;
  /**
   * The header, written exactly as given (a string is a name without a type).
   * Without it the fields are the rows' keys in first-seen order.
   */
  readonly fields?: readonly (string | IsonField)[];
  readonly rows: readonly IsonRecordInput[];
  readonly summary?: string;
}
