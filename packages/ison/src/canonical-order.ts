import { writeIsonBlock } from './block-encoder.js';
import type { BlockPlan, PlannedField } from './block-plan.js';
import { type Cell, cellText, toCell } from './cell-value.js';
import { writeCell } from './cell-writer.js';
import { compareUtf8 } from './utf8-order.js';

/** A row reduced to cells, with what canonical order compares. */
export interface SortableRow {
  readonly cells: readonly Cell[];
  /** Unquoted text per cell; null for a null cell. */
  readonly texts: readonly (string | null)[];
  /** ISON tokens per cell. */
  readonly tokens: readonly string[];
}

export interface CanonicalBlock {
  readonly plan: BlockPlan;
  readonly rows: readonly SortableRow[];
}

/**
 * ISONCS order. Blocks with rows only, sorted by `kind.name`; fields with
 * `id` first and the rest by name; rows by their whole tuple of cells, each
 * compared as (is-null, text), nulls last. All comparisons are on UTF-8
 * bytes. Where two rows' texts tie (the string "1" and the number 1), their
 * tokens decide, so the order never depends on the input order.
 */
export function canonicalBlocks(plans: readonly BlockPlan[]): CanonicalBlock[] {
  const blocks = plans.filter((plan) => plan.rows.length > 0).map(canonicalBlock);
  return blocks.sort(compareBlocks);
}

function canonicalBlock(plan: BlockPlan): CanonicalBlock {
  const fields = [...plan.fields].sort(compareFields);
  const sorted: BlockPlan = { ...plan, fields };
  const rows = plan.rows.map((row) =>
    sortableRow(
      fields,
      fields.map((field) => toCell(field.read(row))),
    ),
  );
  return { plan: sorted, rows: rows.sort(compareRows) };
}

function sortableRow(fields: readonly PlannedField[], cells: readonly Cell[]): SortableRow {
  return {
    cells,
    texts: cells.map((cell) => (cell === null ? null : cellText(cell))),
    tokens: cells.map((cell, index) => writeCell(cell, fields[index]!, 'ison')),
  };
}

function compareFields(a: PlannedField, b: PlannedField): number {
  if (a.name === 'id' || b.name === 'id') return (a.name === 'id' ? 0 : 1) - (b.name === 'id' ? 0 : 1);
  return compareUtf8(a.name, b.name);
}

function compareRows(a: SortableRow, b: SortableRow): number {
  for (let index = 0; index < a.texts.length; index++) {
    const order = compareNullsLast(a.texts[index] ?? null, b.texts[index] ?? null);
    if (order !== 0) return order;
  }
  for (let index = 0; index < a.tokens.length; index++) {
    const order = compareUtf8(a.tokens[index]!, b.tokens[index]!);
    if (order !== 0) return order;
  }
  return 0;
}

function compareNullsLast(a: string | null, b: string | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return compareUtf8(a, b);
}

// Two blocks with the same `kind.name` are ordered by their whole text, so
// input order never shows through.
function compareBlocks(a: CanonicalBlock, b: CanonicalBlock): number {
  return (
    compareUtf8(`${a.plan.kind}.${a.plan.name}`, `${b.plan.kind}.${b.plan.name}`) ||
    compareUtf8(canonicalIsonText(a), canonicalIsonText(b))
  );
}

/** The block as canonical ISON text. */
export function canonicalIsonText(block: CanonicalBlock): string {
  return writeIsonBlock(
    block.plan,
    block.rows.map((row) => row.tokens.join(' ')),
  );
}
