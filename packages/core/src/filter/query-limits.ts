import { MAX_VALUE_DEPTH } from '../nesting-depth.js';

/**
 * Bounds core puts on every query before a backend sees it, the same for every
 * backend: past them a query is refused with VALIDATION instead of costing a
 * server minutes of CPU or crashing a process.
 */
export const QUERY_LIMITS = Object.freeze({
  /** `$and` / `$or` / `$not` nesting levels. */
  maxFilterDepth: 16,
  /** Field conditions plus combinator branches in one filter (an empty `{}` branch counts too). */
  maxFilterNodes: 1_000,
  /** Values in one `$in` / `$nin`. */
  maxInValues: 10_000,
  /** Entries in `orderBy` (repeats of a field are dropped: the first one decides). */
  maxOrderByKeys: 32,
  /** Characters in a `$icontains` / `$startsWith` operand or a search text. */
  maxTextOperandLength: 1_000,
  /** Nesting of a json field value or a filter operand. */
  maxValueDepth: MAX_VALUE_DEPTH,
});
