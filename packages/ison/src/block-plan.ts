import type { IsonBlockInput, IsonBlockKind, IsonField } from './block-types.js';
import { JsonCell, toCell } from './cell-value.js';
import type { CellColumn } from './cell-writer.js';
import type { FieldNamePolicy } from './encode-options.js';
import { isonFieldNames } from './field-name-mapping.js';
import { IsonEncodeError } from './ison-errors.js';
import { IsonReference } from './ison-reference.js';
import { assertBlockName, assertDistinctFieldPaths, assertField } from './name-rules.js';
import { surveyRows } from './row-survey.js';
import type { IsonRecordInput } from './value-types.js';

/** A header field as it will be written, and where its value comes from. */
export interface PlannedField extends CellColumn {
  readonly type: string | undefined;
  readonly read: (row: IsonRecordInput) => unknown;
}

/** A block checked and resolved for writing, in either text form. */
export interface BlockPlan {
  readonly kind: IsonBlockKind;
  readonly name: string;
  readonly fields: readonly PlannedField[];
  /** When every field reads one row key: those keys, in field order. */
  readonly keys: readonly string[] | undefined;
  readonly rows: readonly IsonRecordInput[];
  readonly summary: string | undefined;
}

/** A plan whose fields each read one row key. */
export interface FittedPlan extends BlockPlan {
  readonly keys: readonly string[];
}

/** A field before its `:json` decision. */
export interface FieldSource {
  readonly name: string;
  readonly type: string | undefined;
  readonly read: (row: IsonRecordInput) => unknown;
}

/** Resolves a block's header and checks every name; throws `IsonEncodeError`. */
export function planBlock(block: IsonBlockInput, policy: FieldNamePolicy): BlockPlan {
  assertBlockName(block.kind, block.name, 'ison');
  if (block.fields !== undefined) {
    const sources = fieldsAsGiven(block.fields);
    assertSummary(block.summary, sources.length > 0);
    const fields = sources.map((source) =>
      planField(source, block.rows, { unseenIsJson: false, mayHoldObjects: true }),
    );
    return {
      kind: block.kind,
      name: block.name,
      fields,
      keys: undefined,
      rows: block.rows,
      summary: block.summary,
    };
  }
  const survey = surveyRows(block.rows);
  assertSummary(block.summary, survey.keys.length > 0);
  return {
    kind: block.kind,
    name: block.name,
    fields: fieldsFromKeys(survey.keys, policy).map((source, index) =>
      planField(source, block.rows, {
        unseenIsJson: false,
        mayHoldObjects: survey.objectKeys.has(survey.keys[index]!),
      }),
    ),
    keys: survey.keys,
    rows: block.rows,
    summary: block.summary,
  };
}

/**
 * A plan made from the first row alone, for blocks whose rows all share its
 * keys (a query result): it spares surveying every row before writing. The
 * caller falls back to `planBlock` when a later row does not fit. Undefined
 * when the block has an explicit header or no rows.
 */
export function planFromFirstRow(block: IsonBlockInput, policy: FieldNamePolicy): FittedPlan | undefined {
  const first = block.rows[0];
  if (block.fields !== undefined || first === undefined) return undefined;
  assertBlockName(block.kind, block.name, 'ison');
  const keys = Object.keys(first);
  assertSummary(block.summary, keys.length > 0);
  const fields = fieldsFromKeys(keys, policy).map((source) =>
    planField(source, [first], { unseenIsJson: false, mayHoldObjects: true }),
  );
  return { kind: block.kind, name: block.name, fields, keys, rows: block.rows, summary: block.summary };
}

/** Fields named after row keys, mapped or checked according to `policy`. */
export function fieldsFromKeys(keys: readonly string[], policy: FieldNamePolicy): FieldSource[] {
  if (policy === 'strict') {
    for (const key of keys) assertField({ name: key }, 'ison');
    assertDistinctFieldPaths(keys);
    return keys.map((key) => ({ name: key, type: undefined, read: keyReader(key) }));
  }
  const names = isonFieldNames(keys);
  return keys.map((key) => ({ name: names.get(key) ?? key, type: undefined, read: keyReader(key) }));
}

export interface JsonDecision {
  /** Also make a field whose values are all null `:json` (a stream cannot revise its header). */
  readonly unseenIsJson: boolean;
  /** False when the rows are known to hold no object in this field, which spares the scan. */
  readonly mayHoldObjects: boolean;
}

/** Decides whether a field is a `:json` column: declared so, or holding a nested value. */
export function planField(
  source: FieldSource,
  rows: Iterable<IsonRecordInput>,
  decision: JsonDecision,
): PlannedField {
  if (source.type === 'json') return { ...source, json: true };
  if (!decision.mayHoldObjects && !decision.unseenIsJson) return { ...source, json: false };
  let holdsValue = false;
  let holdsNested = false;
  for (const row of rows) {
    const value = source.read(row);
    if (value === null || value === undefined) continue;
    holdsValue = true;
    if (isNested(value)) {
      holdsNested = true;
      break;
    }
  }
  if (!holdsNested && (holdsValue || !decision.unseenIsJson)) return { ...source, json: false };
  if (source.type !== undefined) {
    throw new IsonEncodeError(
      'UNREPRESENTABLE_VALUE',
      `Field '${source.name}:${source.type}' holds a nested value; ` +
        "nested values need a field without a type annotation or with ':json'.",
    );
  }
  return { ...source, type: 'json', json: true };
}

function fieldsAsGiven(fields: readonly (string | IsonField)[]): FieldSource[] {
  const given = fields.map((field) => (typeof field === 'string' ? { name: field } : field));
  for (const field of given) assertField(field, 'ison');
  assertDistinctFieldPaths(given.map((field) => field.name));
  return given.map((field) => ({ name: field.name, type: field.type, read: pathReader(field.name) }));
}

function isNested(value: unknown): boolean {
  if (
    typeof value !== 'object' ||
    value === null ||
    value instanceof Date ||
    value instanceof IsonReference
  ) {
    return false;
  }
  if (Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON !== 'function') return true;
  return toCell(value) instanceof JsonCell;
}

// Keys such as 'constructor' also name Object.prototype members; only an own
// property counts. Other keys take the fast direct read.
function keyReader(key: string): (row: IsonRecordInput) => unknown {
  if (!(key in Object.prototype)) return (row) => row[key];
  return (row) => (Object.hasOwn(row, key) ? row[key] : undefined);
}

// An explicit field `a.b` reads a flat key `a.b` when the row has one, and
// otherwise follows the path, as decoded rows are nested.
function pathReader(name: string): (row: IsonRecordInput) => unknown {
  if (!name.includes('.')) return keyReader(name);
  const path = name.split('.');
  return (row) => {
    if (Object.hasOwn(row, name)) return row[name];
    let current: unknown = row;
    for (const part of path) {
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return undefined;
      current = (current as Readonly<Record<string, unknown>>)[part];
    }
    return current;
  };
}

function assertSummary(summary: string | undefined, hasFields: boolean): void {
  if (summary === undefined) return;
  const readsBack =
    summary !== '' && summary === summary.trim() && !/[\n\r]/.test(summary) && !summary.startsWith('#');
  if (!readsBack) {
    throw new IsonEncodeError(
      'INVALID_SUMMARY',
      `Summary ${JSON.stringify(summary)} cannot be written: a summary is one non-empty line, ` +
        "without surrounding whitespace, that does not start with '#'.",
    );
  }
  if (!hasFields) {
    throw new IsonEncodeError('INVALID_SUMMARY', 'A block without fields cannot carry a summary.');
  }
}
