/** The most characters of one piece of caller input an error message repeats. */
export const MAX_QUOTED_INPUT = 64;

/**
 * Caller text as an error message shows it: cut to `MAX_QUOTED_INPUT`
 * characters, so a megabyte field name cannot make a megabyte message.
 */
export function clipInput(input: unknown, max: number = MAX_QUOTED_INPUT): string {
  const text = typeof input === 'string' ? input : String(input);
  if (text.length <= max) return text;
  // Never cut between the two halves of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/** `'name'`, clipped: how messages quote a field name, operator or id the caller gave. */
export function quoteInput(input: unknown): string {
  return `'${clipInput(input)}'`;
}
