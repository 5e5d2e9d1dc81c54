import { writeIsonBlock } from './block-encoder.js';
import { type BlockPlan, planBlock, planFromFirstRow } from './block-plan.js';
import type { IsonBlockInput } from './block-types.js';
import { canonicalBlocks, canonicalIsonText } from './canonical-order.js';
import type { EncodeOptions, EncodeRowsOptions } from './encode-options.js';
import { assertIsonlEnvelope, writeIsonlLines } from './isonl-encoder.js';
import { writeCells, writeFittingRows, writeRow } from './row-writer.js';
import type { TextForm } from './string-quoting.js';
import type { IsonRecordInput } from './value-types.js';

/** Rows as one `table.NAME` block. */
export function encode(rows: readonly IsonRecordInput[], options: EncodeRowsOptions): string {
  return encodeBlocks([{ kind: 'table', name: options.name, rows }], options);
}

/** A single record as one `object.NAME` block. */
export function encodeObject(record: IsonRecordInput, options: EncodeRowsOptions): string {
  return encodeBlocks([{ kind: 'object', name: options.name, rows: [record] }], options);
}

/** Several blocks as one ISON document, separated by a blank line. */
export function encodeBlocks(blocks: readonly IsonBlockInput[], options: EncodeOptions = {}): string {
  if (options.canonical) {
    return canonicalBlocks(planBlocks(blocks, options)).map(canonicalIsonText).join('\n\n');
  }
  return blocks
    .map((block) => {
      const { plan, lines } = writtenRows(block, options, 'ison');
      return writeIsonBlock(plan, lines);
    })
    .join('\n\n');
}

/** Rows as ISONL: one `table.NAME|fields|values` line per row. */
export function encodeIsonl(rows: readonly IsonRecordInput[], options: EncodeRowsOptions): string {
  return encodeBlocksIsonl([{ kind: 'table', name: options.name, rows }], options);
}

/** Several blocks as ISONL lines; summaries are dropped. */
export function encodeBlocksIsonl(blocks: readonly IsonBlockInput[], options: EncodeOptions = {}): string {
  if (options.canonical) {
    const plans = planBlocks(blocks, options);
    for (const plan of plans) assertIsonlEnvelope(plan);
    return canonicalBlocks(plans)
      .flatMap(({ plan, rows }) =>
        writeIsonlLines(
          plan,
          rows.map((row) => writeCells(plan.fields, row.cells, 'isonl')),
        ),
      )
      .join('\n');
  }
  return blocks
    .flatMap((block) => {
      const { plan, lines } = writtenRows(block, options, 'isonl');
      return writeIsonlLines(plan, lines);
    })
    .join('\n');
}

function planBlocks(blocks: readonly IsonBlockInput[], options: EncodeOptions): BlockPlan[] {
  return blocks.map((block) => planBlock(block, options.fieldNames ?? 'map'));
}

// Rows are first written under a plan taken from the first row, which fits
// every row of a query result; only when a row does not fit are all rows
// surveyed and written again.
function writtenRows(
  block: IsonBlockInput,
  options: EncodeOptions,
  form: TextForm,
): { plan: BlockPlan; lines: readonly string[] } {
  const policy = options.fieldNames ?? 'map';
  const fitted = planFromFirstRow(block, policy);
  if (fitted !== undefined && form === 'isonl') assertIsonlEnvelope(fitted);
  const lines = fitted === undefined ? undefined : writeFittingRows(fitted, form);
  if (fitted !== undefined && lines !== undefined) return { plan: fitted, lines };
  const plan = planBlock(block, policy);
  if (form === 'isonl') assertIsonlEnvelope(plan);
  return { plan, lines: plan.rows.map((row) => writeRow(plan, row, form)) };
}
