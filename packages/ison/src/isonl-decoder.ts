import { parseBlockHeader } from './block-header.js';
import type { IsonBlock, IsonBlockKind, IsonField } from './block-types.js';
import type { DecodeOptions } from './decode-options.js';
import { type FieldSlot, parseFieldLine } from './field-line.js';
import { IsonDecodeError } from './ison-errors.js';
import { splitIsonlSections } from './isonl-sections.js';
import { buildRow } from './row-builder.js';
import { isBlank, isComment, splitLines } from './text-lines.js';
import { lexValues } from './value-lexer.js';
import type { IsonRow } from './value-types.js';

interface BlockUnderway {
  readonly kind: IsonBlockKind;
  readonly name: string;
  readonly fields: IsonField[];
  readonly fieldNames: Set<string>;
  readonly rows: IsonRow[];
}

/**
 * Reads ISONL (`kind.name|fields|values` per line) into blocks, one per
 * `kind.name` in first-seen order. Each line is read with its own fields; a
 * block's fields are the union of its lines' fields.
 */
export function decodeIsonl(text: string, options: DecodeOptions = {}): IsonBlock[] {
  const dateFields = new Set(options.dateFields);
  const blocks = new Map<string, BlockUnderway>();
  // Lines of one block repeat the same field section; read it once.
  const slotsBySection = new Map<string, FieldSlot[]>();
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (isBlank(line) || isComment(line)) continue;
    const lineNumber = index + 1;
    const sections = splitIsonlSections(line);
    const [head, fieldSection, values] = sections;
    if (sections.length !== 3 || head === undefined || fieldSection === undefined || values === undefined) {
      throw new IsonDecodeError(
        `an ISONL line has three sections, 'kind.name|fields|values'; this one has ${sections.length}`,
        lineNumber,
        1,
      );
    }
    const { kind, name } = parseBlockHeader(head.text, lineNumber, head.offset);
    let slots = slotsBySection.get(fieldSection.text);
    if (slots === undefined) {
      slots = parseFieldLine(fieldSection.text, lineNumber, fieldSection.offset, dateFields);
      slotsBySection.set(fieldSection.text, slots);
    }
    const label = `${kind}.${name}`;
    const block = blocks.get(label) ?? startBlock(blocks, label, kind, name);
    for (const slot of slots) {
      if (block.fieldNames.has(slot.field.name)) continue;
      block.fieldNames.add(slot.field.name);
      block.fields.push(slot.field);
    }
    block.rows.push(buildRow(slots, lexValues(values.text, lineNumber, values.offset), lineNumber, label));
  }
  return [...blocks.values()].map(({ kind, name, fields, rows }) => ({ kind, name, fields, rows }));
}

function startBlock(
  blocks: Map<string, BlockUnderway>,
  label: string,
  kind: IsonBlockKind,
  name: string,
): BlockUnderway {
  const block: BlockUnderway = { kind, name, fields: [], fieldNames: new Set(), rows: [] };
  blocks.set(label, block);
  return block;
}
