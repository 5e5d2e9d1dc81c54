import type { BlockPlan, FittedPlan, PlannedField } from './block-plan.js';
import { type Cell, JsonCell, toCell } from './cell-value.js';
import { type CellColumn, writeCell } from './cell-writer.js';
import { numberText } from './number-text.js';
import { type TextForm, writeString } from './string-quoting.js';
import type { IsonRecordInput } from './value-types.js';

/** How a row's values are found: by field, and, when every field reads one row key, by key order. */
export type RowLayout = Pick<BlockPlan, 'fields' | 'keys'>;

/** `kind.name`. */
export function blockHeader(plan: Pick<BlockPlan, 'kind' | 'name'>): string {
  return `${plan.kind}.${plan.name}`;
}

/** The field line: `name` or `name:type` per field, single-spaced. */
export function fieldLine(fields: readonly PlannedField[]): string {
  return fields
    .map((field) => (field.type === undefined ? field.name : `${field.name}:${field.type}`))
    .join(' ');
}

/**
 * One row's values, single-spaced, in field order. A nested value in a
 * column without `:json` (only a streamed row can bring one) is refused.
 */
export function writeRow(layout: RowLayout, row: IsonRecordInput, form: TextForm): string {
  const fields = layout.fields;
  // Joining an array is far cheaper than concatenating tokens one by one,
  // which leaves a deep rope for the final join to flatten.
  if (layout.keys !== undefined) {
    const tokens = new Array<string>(fields.length);
    if (tokensInKeyOrder(fields, layout.keys, row, form, tokens)) return tokens.join(' ');
  }
  const general = new Array<string>(fields.length);
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    general[index] = writeValue(field.read(row), field, form);
  }
  return general.join(' ');
}

/**
 * Every row's values under a plan made from the first row; undefined as soon
 * as a row has other keys, or a nested value in a column without `:json`.
 */
export function writeFittingRows(plan: FittedPlan, form: TextForm): string[] | undefined {
  const lines = new Array<string>(plan.rows.length);
  // One token array serves every row: a table of many rows would otherwise
  // allocate (and collect) an array per row.
  const tokens = new Array<string>(plan.keys.length);
  for (let index = 0; index < plan.rows.length; index++) {
    if (!tokensInKeyOrder(plan.fields, plan.keys, plan.rows[index]!, form, tokens)) return undefined;
    lines[index] = tokens.join(' ');
  }
  return lines;
}

/** One row of already reduced cells, single-spaced. */
export function writeCells(columns: readonly CellColumn[], cells: readonly Cell[], form: TextForm): string {
  return cells.map((cell, index) => writeCell(cell, columns[index]!, form)).join(' ');
}

// The fast path for rows that hold exactly the fields' keys in field order
// (every row of a query result): the row's own key list is compared with the
// fields' keys and each value read in place into `tokens`. A row with other
// keys, or with a nested value in a column without `:json`, returns false.
function tokensInKeyOrder(
  fields: readonly PlannedField[],
  keys: readonly string[],
  row: IsonRecordInput,
  form: TextForm,
  tokens: string[],
): boolean {
  const rowKeys = Object.keys(row);
  if (rowKeys.length !== keys.length) return false;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (rowKeys[index] !== key) return false;
    const value = row[key];
    const field = fields[index]!;
    if (typeof value === 'object' && value !== null) {
      const cell = toCell(value);
      if (cell instanceof JsonCell && !field.json) return false;
      tokens[index] = writeCell(cell, field, form);
    } else {
      tokens[index] = writeValue(value, field, form);
    }
  }
  return true;
}

// Primitives are written directly; everything else goes through toCell.
function writeValue(value: unknown, column: CellColumn, form: TextForm): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, form, column.json);
    case 'number':
      return Number.isFinite(value) ? numberText(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : writeCell(toCell(value), column, form);
    default:
      return writeCell(toCell(value), column, form);
  }
}
