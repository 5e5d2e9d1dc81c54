const SEGMENT_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

/**
 * Percent-encodes text as one URI path segment, like SWI-Prolog's `uri_encoded(segment, ...)`:
 * unreserved characters, sub-delimiters, `:` and `@` stay; everything else becomes UTF-8 `%XX`.
 */
export function encodeSegment(text: string): string {
  let encoded = '';
  for (const char of text) {
    if (SEGMENT_SAFE.test(char)) encoded += char;
    else {
      for (const byte of Buffer.from(char, 'utf8'))
        encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return encoded;
}

/** A key value as it appears inside a Lexical id: a segment, with `+` escaped because `+` joins values. */
export function encodeIdFragment(text: string): string {
  return encodeSegment(text).replace(/\+/g, '%2B');
}
