/**
 * Escapes every PCRE metacharacter, so the text matches only itself. Only
 * syntax characters are escaped: those escapes are also valid in JavaScript's
 * unicode mode, which emulators translate patterns to.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}/]/g, '\\$&');
}

/** Case-insensitive "contains": PCRE's inline `(?i)` flag before the escaped text. */
export function containsIgnoringCase(text: string): string {
  return `(?i)${escapeRegex(text)}`;
}

/** Case-sensitive prefix match. */
export function startsWith(text: string): string {
  return `^${escapeRegex(text)}`;
}

/**
 * Matches a JSON array of strings (as `JSON.stringify` writes it) that has
 * `element` as one of its items. Inside a JSON string every `"` is escaped, so
 * `[` or `,` directly followed by `"` only occurs where an item starts, and the
 * item's complete encoding must be followed by `,` or `]`: no partial or
 * cross-item match is possible.
 */
export function jsonArrayHasString(element: string): string {
  return `[\\[,]${escapeRegex(JSON.stringify(element))}[,\\]]`;
}
