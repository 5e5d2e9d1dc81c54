import { IsonEncodeError } from './ison-errors.js';
import type { IsonReference } from './ison-reference.js';
import type { TextForm } from './string-quoting.js';
import { SPACE_OR_CONTROL } from './text-classes.js';

// A reference is written bare, so whitespace or a control character would
// split or end the row; in ISONL `|` would end the section.
const BREAKS_ISONL = /[\s|\p{Cc}]/u;

/** Writes `:id` / `:type:id`, refusing a reference that would read back as something else. */
export function writeReference(reference: IsonReference, form: TextForm): string {
  const { id, type } = reference;
  const breaks = form === 'ison' ? SPACE_OR_CONTROL : BREAKS_ISONL;
  if (breaks.test(id) || (type !== undefined && breaks.test(type))) {
    throw invalid(
      reference,
      `its id or type contains whitespace, a control character${form === 'isonl' ? " or '|'" : ''}`,
    );
  }
  // The reader splits `:a:b` at the first colon after the leading one.
  if (type?.includes(':')) throw invalid(reference, "its type contains ':'");
  if (type === undefined && id.includes(':')) throw invalid(reference, "an untyped id cannot contain ':'");
  if (type === undefined && id === '') throw invalid(reference, 'its id is empty');
  return reference.toString();
}

function invalid(reference: IsonReference, why: string): IsonEncodeError {
  return new IsonEncodeError(
    'INVALID_REFERENCE',
    `Reference ${JSON.stringify(reference.toString())} cannot be written: ${why}.`,
  );
}
