import type { IsonBlockKind } from './block-types.js';
import { IsonDecodeError } from './ison-errors.js';
import { SPACE_OR_CONTROL } from './text-classes.js';

// `kind.name` made of identifiers, alone on a line, starts a new block even
// without a blank line before it; writers therefore quote such values.
const BLOCK_HEADER_LIKE = /^[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*$/;
const BLOCK_HEADER_LINE = /^\s*[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*\s*$/;

export function looksLikeBlockHeader(text: string): boolean {
  return BLOCK_HEADER_LIKE.test(text);
}

/** A line holding nothing but a `kind.name`-shaped token. */
export function isBlockHeaderLine(line: string): boolean {
  return BLOCK_HEADER_LINE.test(line);
}

/**
 * Reads `kind.name`, split at the first dot (the name may hold further dots).
 * `column` is where `text` starts in its line, 0-based.
 */
export function parseBlockHeader(
  text: string,
  line: number,
  column = 0,
): { readonly kind: IsonBlockKind; readonly name: string } {
  const header = text.trim();
  const at = column + text.indexOf(header) + 1;
  const dot = header.indexOf('.');
  if (dot === -1) {
    throw new IsonDecodeError(
      `expected a block header such as 'table.users', found ${JSON.stringify(header)}`,
      line,
      at,
    );
  }
  const kind = header.slice(0, dot);
  const name = header.slice(dot + 1);
  if (kind !== 'table' && kind !== 'object') {
    throw new IsonDecodeError(
      `unknown block kind '${kind}' in ${JSON.stringify(header)}: a block is table.NAME or object.NAME ` +
        '(a value shaped like kind.name must be quoted)',
      line,
      at,
    );
  }
  if (name === '') throw new IsonDecodeError(`block header ${JSON.stringify(header)} has no name`, line, at);
  if (SPACE_OR_CONTROL.test(name)) {
    throw new IsonDecodeError(
      `block name ${JSON.stringify(name)} contains whitespace or a control character`,
      line,
      at,
    );
  }
  return { kind, name };
}
