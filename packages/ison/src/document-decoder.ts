import { isBlockHeaderLine, parseBlockHeader } from './block-header.js';
import type { IsonBlock } from './block-types.js';
import type { DecodeOptions } from './decode-options.js';
import { parseFieldLine } from './field-line.js';
import { IsonDecodeError } from './ison-errors.js';
import { buildRow } from './row-builder.js';
import { isBlank, isComment, isSummarySeparator, splitLines } from './text-lines.js';
import { lexValues } from './value-lexer.js';
import type { IsonRow } from './value-types.js';

/**
 * Reads an ISON document into its blocks, in document order. Throws
 * `IsonDecodeError` (with line and column) on text that is not ISON.
 */
export function decode(text: string, options: DecodeOptions = {}): IsonBlock[] {
  const lines = splitLines(text);
  const dateFields = new Set(options.dateFields);
  const blocks: IsonBlock[] = [];
  for (let index = skipGap(lines, 0); index < lines.length; ) {
    const read = readBlock(lines, index, dateFields);
    blocks.push(read.block);
    index = skipGap(lines, read.next);
  }
  return blocks;
}

function readBlock(
  lines: readonly string[],
  start: number,
  dateFields: ReadonlySet<string>,
): { block: IsonBlock; next: number } {
  const { kind, name } = parseBlockHeader(lines[start]!, start + 1);
  let index = skipComments(lines, start + 1);
  // A header with nothing under it is an empty block (an empty result set).
  if (index === lines.length || isBlank(lines[index]!))
    return { block: { kind, name, fields: [], rows: [] }, next: index };
  const slots = parseFieldLine(lines[index]!, index + 1, 0, dateFields);
  const fields = slots.map((slot) => slot.field);
  const rows: IsonRow[] = [];
  for (index++; index < lines.length; index++) {
    const line = lines[index]!;
    if (isBlank(line)) break;
    if (isComment(line)) continue;
    if (isSummarySeparator(line)) {
      const summary = readSummary(lines, index + 1);
      const block = { kind, name, fields, rows };
      return {
        block: summary.text === undefined ? block : { ...block, summary: summary.text },
        next: summary.next,
      };
    }
    if (isBlockHeaderLine(line)) break;
    rows.push(buildRow(slots, lexValues(line, index + 1), index + 1, `${kind}.${name}`));
  }
  return { block: { kind, name, fields, rows }, next: index };
}

// After `---` the next non-comment line is the summary, kept as raw text; the block ends there.
function readSummary(lines: readonly string[], from: number): { text: string | undefined; next: number } {
  const at = skipComments(lines, from);
  if (at === lines.length || isBlank(lines[at]!)) return { text: undefined, next: at };
  const next = skipComments(lines, at + 1);
  if (next < lines.length && !isBlank(lines[next]!) && !isBlockHeaderLine(lines[next]!)) {
    throw new IsonDecodeError('a block ends after its summary line; expected a blank line here', next + 1, 1);
  }
  return { text: lines[at]!.trim(), next };
}

function skipComments(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && isComment(lines[index]!)) index++;
  return index;
}

function skipGap(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && (isBlank(lines[index]!) || isComment(lines[index]!))) index++;
  return index;
}
