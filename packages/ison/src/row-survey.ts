import type { IsonRecordInput } from './value-types.js';

/** What one pass over the rows learns about their keys. */
export interface RowSurvey {
  /** Every own key, in first-seen order. */
  readonly keys: readonly string[];
  /** Keys that hold an object (a date, a reference, a nested value) in some row. */
  readonly objectKeys: ReadonlySet<string>;
}

/**
 * Surveys rows in one pass. Query rows share one shape, so a row whose keys
 * arrive in the known order costs one comparison per key.
 */
export function surveyRows(rows: Iterable<IsonRecordInput>): RowSurvey {
  const keys: string[] = [];
  const known = new Set<string>();
  const objectKeys = new Set<string>();
  for (const row of rows) {
    const rowKeys = Object.keys(row);
    for (let index = 0; index < rowKeys.length; index++) {
      const key = rowKeys[index]!;
      if (key !== keys[index] && !known.has(key)) {
        known.add(key);
        keys.push(key);
      }
      const value = row[key];
      if (typeof value === 'object' && value !== null) objectKeys.add(key);
    }
  }
  return { keys, objectKeys };
}
