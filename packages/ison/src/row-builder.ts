import { reviveDate } from './date-revival.js';
import type { FieldSlot } from './field-line.js';
import { IsonDecodeError } from './ison-errors.js';
import { isJsonToken } from './json-token.js';
import type { ValueToken } from './value-lexer.js';
import { readBareValue } from './value-reader.js';
import type { IsonRow, IsonValue } from './value-types.js';

type MutableRow = Record<string, IsonValue>;

/**
 * Builds a row from its values: missing trailing values are null, extra ones
 * are an error. Dotted fields nest (`owner.name` → `{ owner: { name } }`).
 */
export function buildRow(
  slots: readonly FieldSlot[],
  tokens: readonly ValueToken[],
  line: number,
  block: string,
): IsonRow {
  if (tokens.length > slots.length) {
    const extra = tokens[slots.length]!;
    throw new IsonDecodeError(
      `the row has ${tokens.length} values but ${block} has ${slots.length} fields ` +
        `(first extra value: ${JSON.stringify(extra.text)})`,
      line,
      extra.column,
    );
  }
  const row: MutableRow = {};
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index]!;
    const token = tokens[index];
    const value = token === undefined ? null : readValue(slot, token, line);
    if (slot.path === undefined) setOwn(row, slot.field.name, value);
    else setPath(row, slot.path, value);
  }
  return row;
}

function readValue(slot: FieldSlot, token: ValueToken, line: number): IsonValue {
  const value = token.quoted
    ? token.text
    : slot.json && isJsonToken(token.text)
      ? readJson(slot, token, line)
      : readBareValue(token.text);
  return slot.date ? reviveDate(value, slot.field.name, line, token.column) : value;
}

function readJson(slot: FieldSlot, token: ValueToken, line: number): IsonValue {
  try {
    return JSON.parse(token.text) as IsonValue;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IsonDecodeError(
      `field '${slot.field.name}' is ':json' but its value is not valid JSON (${reason})`,
      line,
      token.column,
    );
  }
}

// A plain assignment to '__proto__' would replace the prototype instead of adding a field.
function setOwn(row: MutableRow, key: string, value: IsonValue): void {
  if (key === '__proto__')
    Object.defineProperty(row, key, { value, enumerable: true, writable: true, configurable: true });
  else row[key] = value;
}

// The header was checked for clashes (`a` beside `a.b`), so every step on the
// path is an object this function created.
function setPath(row: MutableRow, path: readonly string[], value: IsonValue): void {
  let target = row;
  for (let index = 0; index < path.length - 1; index++) {
    const key = path[index]!;
    if (!Object.hasOwn(target, key)) setOwn(target, key, {});
    target = target[key] as MutableRow;
  }
  setOwn(target, path[path.length - 1]!, value);
}
