/**
 * The dates every backend stores and compares alike: years 1 to 9999, where
 * ISO-8601 text, xsd:dateTime (TerminusDB), PostgreSQL's timestamptz and
 * JavaScript's Date all agree. Core refuses dates outside it on every write,
 * and a filter constant outside it is answered by core (no record can hold one).
 */
export const DATE_RANGE = Object.freeze({
  earliest: new Date('0001-01-01T00:00:00.000Z'),
  latest: new Date('9999-12-31T23:59:59.999Z'),
});

const EARLIEST = DATE_RANGE.earliest.getTime();
const LATEST = DATE_RANGE.latest.getTime();

/** Where a date lies relative to DATE_RANGE: undefined inside it. */
export function dateOutsideRange(date: Date): 'before' | 'after' | undefined {
  const time = date.getTime();
  if (time < EARLIEST) return 'before';
  if (time > LATEST) return 'after';
  return undefined;
}

export const DATE_RANGE_PROBLEM =
  'dates must lie in the years 1 to 9999 (the range every backend stores alike)';
