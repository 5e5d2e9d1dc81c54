import { type Cell, JsonCell } from './cell-value.js';
import { IsonEncodeError } from './ison-errors.js';
import { numberText } from './number-text.js';
import { writeReference } from './reference-text.js';
import { type TextForm, writeString } from './string-quoting.js';

/** The column a cell is written into. */
export interface CellColumn {
  readonly name: string;
  readonly json: boolean;
}

/** Writes one cell as its token. */
export function writeCell(cell: Cell, column: CellColumn, form: TextForm): string {
  switch (typeof cell) {
    case 'string':
      return writeString(cell, form, column.json);
    case 'number':
      return numberText(cell);
    case 'boolean':
      return cell ? 'true' : 'false';
    case 'bigint':
      return cell.toString();
    default:
      if (cell === null) return 'null';
      if (cell instanceof JsonCell) {
        if (!column.json) throw nestedOutsideJsonColumn(column.name);
        return cell.token;
      }
      return writeReference(cell, form);
  }
}

// Planning marks every column holding a nested value as `:json`; only a
// streamed row arriving after the header was written can get here.
function nestedOutsideJsonColumn(name: string): IsonEncodeError {
  return new IsonEncodeError(
    'ROW_DOES_NOT_FIT_HEADER',
    `Field '${name}' holds a nested value, but its column was written without ':json' ` +
      'because the rows read before the header held none there.',
  );
}
