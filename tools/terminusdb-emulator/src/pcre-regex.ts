const LEADING_FLAGS = /^\(\?([a-zA-Z]+)\)/;
const JS_FLAG: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's' };

export type CompiledRegex =
  | { readonly ok: true; readonly regex: RegExp }
  | { readonly ok: false; readonly reason: string };

/**
 * Compiles a PCRE pattern (the server matches with PCRE, unanchored) to a JavaScript RegExp.
 * Leading inline flags such as `(?i)` become RegExp flags; inline flags anywhere else have no
 * JavaScript equivalent on Node 20 and are refused rather than silently ignored.
 */
export function compilePcre(pattern: string): CompiledRegex {
  let body = pattern;
  let flags = 'u';
  for (let match = LEADING_FLAGS.exec(body); match !== null; match = LEADING_FLAGS.exec(body)) {
    for (const letter of match[1] as string) {
      const flag = JS_FLAG[letter];
      if (flag === undefined) return { ok: false, reason: `unsupported inline flag (?${letter})` };
      if (!flags.includes(flag)) flags += flag;
    }
    body = body.slice(match[0].length);
  }
  if (/\(\?[a-zA-Z-]+[:)]/.test(body))
    return { ok: false, reason: 'inline flags are only supported at the start' };
  for (const candidate of [flags, flags.replace('u', '')]) {
    try {
      return { ok: true, regex: new RegExp(body, candidate) };
    } catch {
      // Some PCRE escapes are invalid in unicode mode; retry without it.
    }
  }
  return { ok: false, reason: 'invalid regular expression' };
}
