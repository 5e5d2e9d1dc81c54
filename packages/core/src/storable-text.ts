import type { ValidationIssue } from './errors.js';

// PostgreSQL refuses U+0000 in text and jsonb, and a lone UTF-16 surrogate has no
// UTF-8 encoding (drivers silently turn it into U+FFFD). Refusing both up front
// keeps every backend's round trip exact instead of failing or altering data.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what it finds
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A plain scan for NUL or any surrogate; only strings it flags need the exact pattern. */
function isUnstorable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return UNSTORABLE.test(text);
  }
  return false;
}

/** Why no backend can store this string exactly, or undefined when every backend can. */
export function unstorableTextReason(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  return found[0] === '\u0000'
    ? 'text cannot contain the NUL character (U+0000)'
    : 'text is not well-formed Unicode (it has a lone UTF-16 surrogate)';
}

/** Whether any string inside a value cannot be stored; allocation-free, for the common all-clean case. */
export function containsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return isUnstorable(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (containsUnstorableText(item)) return true;
    return false;
  }
  for (const key in value) {
    if (isUnstorable(key) || containsUnstorableText((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** The first string inside a value (array elements, object keys and values) that cannot be stored. */
export function findUnstorableText(
  value: unknown,
  path: readonly (string | number)[],
): ValidationIssue | undefined {
  // Batches validate every row: only build paths once something is known to be wrong.
  if (!containsUnstorableText(value)) return undefined;
  if (typeof value === 'string') {
    const message = unstorableTextReason(value);
    return message === undefined ? undefined : { path, message };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const issue = findUnstorableText(item, [...path, index]);
      if (issue) return issue;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const issue = findUnstorableText(key, [...path, key]) ?? findUnstorableText(item, [...path, key]);
    if (issue) return issue;
  }
  return undefined;
}
