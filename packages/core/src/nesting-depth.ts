/**
 * How deep a json field value or a filter operand may nest (objects and arrays
 * count one level each). Deeper input is refused with VALIDATION before any
 * recursive code (zod, text checks, a backend's encoder) can overflow the stack.
 */
export const MAX_VALUE_DEPTH = 64;

/**
 * Whether a value nests deeper than `max` levels. Iterative, so the check
 * itself cannot overflow; a cyclic value counts as too deep.
 */
export function nestsDeeperThan(value: unknown, max: number = MAX_VALUE_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: { readonly value: object; readonly depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > max) return true;
    const children =
      next.value instanceof Set || Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children as Iterable<unknown>) {
      if (child !== null && typeof child === 'object' && !(child instanceof Date)) {
        pending.push({ value: child, depth: next.depth + 1 });
      }
    }
  }
  return false;
}
