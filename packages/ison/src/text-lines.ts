/**
 * Splits a document into lines. Accepts LF and CRLF (no stray `\r` is left on
 * a value) and ignores a leading byte order mark.
 */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.endsWith('\r')) lines[index] = line.slice(0, -1);
  }
  return lines;
}

// Tested with regular expressions rather than trim(), which would copy every line.
const BLANK = /^\s*$/;
const COMMENT = /^\s*#/;
const SUMMARY_SEPARATOR = /^\s*---/;

export function isBlank(line: string): boolean {
  return BLANK.test(line);
}

/** A line whose first non-blank character is `#`. */
export function isComment(line: string): boolean {
  return COMMENT.test(line);
}

/** A line starting with `---`: the next line is the block's summary. */
export function isSummarySeparator(line: string): boolean {
  return SUMMARY_SEPARATOR.test(line);
}
