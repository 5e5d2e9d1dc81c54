import type { IsonField } from './block-types.js';
import { IsonDecodeError } from './ison-errors.js';
import { findFieldPathConflict } from './name-rules.js';

/** A header field, with what reading its values needs. */
export interface FieldSlot {
  readonly field: IsonField;
  /** The path into nested objects for a dotted name; undefined for a plain one. */
  readonly path: readonly string[] | undefined;
  /** A `:json` field: a bare `[` or `{` value is JSON. */
  readonly json: boolean;
  /** Listed in `dateFields`: values become `Date`. */
  readonly date: boolean;
}

const FIELD = /[^ \t]+/g;

/**
 * Reads a field line: names separated by spaces or tabs, each `name` or
 * `name:type` (split at the first colon). An unquoted `#` starts a comment.
 */
export function parseFieldLine(
  text: string,
  line: number,
  offset: number,
  dateFields: ReadonlySet<string>,
): FieldSlot[] {
  const slots: FieldSlot[] = [];
  for (const match of text.matchAll(FIELD)) {
    const spelled = match[0];
    const column = offset + match.index + 1;
    if (spelled.startsWith('#')) break;
    if (spelled.startsWith('"')) throw new IsonDecodeError('field names cannot be quoted', line, column);
    const field = readField(spelled, line, column);
    slots.push({
      field,
      path: field.name.includes('.') ? field.name.split('.') : undefined,
      json: field.type === 'json',
      date: dateFields.has(field.name),
    });
  }
  const conflict = findFieldPathConflict(slots.map((slot) => slot.field.name));
  if (conflict !== undefined) throw new IsonDecodeError(`fields ${conflict}`, line, offset + 1);
  return slots;
}

function readField(spelled: string, line: number, column: number): IsonField {
  const colon = spelled.indexOf(':');
  if (colon === -1) return { name: spelled };
  const name = spelled.slice(0, colon);
  const type = spelled.slice(colon + 1);
  if (name === '')
    throw new IsonDecodeError(`field ${JSON.stringify(spelled)} has no name before ':'`, line, column);
  if (type === '')
    throw new IsonDecodeError(`field ${JSON.stringify(spelled)} has no type after ':'`, line, column);
  return { name, type };
}
