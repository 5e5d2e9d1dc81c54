import { IsonDecodeError } from './ison-errors.js';
import type { IsonValue } from './value-types.js';

// A calendar date, or a date and time with a zone offset: a time without one
// names no single instant.
const ISO_8601 =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Turns an ISO-8601 string of a `dateFields` field into a `Date`; null stays null. */
export function reviveDate(value: IsonValue, field: string, line: number, column: number): Date | null {
  if (value === null) return null;
  const date = typeof value === 'string' ? parseIsoDate(value) : undefined;
  if (date === undefined) {
    const found = typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
    throw new IsonDecodeError(
      `field '${field}' is listed in dateFields but holds ${found}, not an ISO-8601 date ` +
        '(YYYY-MM-DD, or a date and time with Z or an offset)',
      line,
      column,
    );
  }
  return date;
}

function parseIsoDate(text: string): Date | undefined {
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  // Date parsing rolls 2024-02-30 over to March; a calendar check refuses it.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day
  ) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
