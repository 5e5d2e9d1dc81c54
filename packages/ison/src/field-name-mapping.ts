// Characters a field name taken from a row key never carries: whitespace and
// control characters (they split the header), ':' (type separator), '|'
// (ISONL delimiter), '"' and '\' (ISONL envelope), and '.' (a dotted name
// reads back as a path into a nested object, not as the flat key).
const NOT_CARRIED = /[\s\p{Cc}:|"\\.]/u;
const EACH_NOT_CARRIED = new RegExp(NOT_CARRIED.source, 'gu');

/**
 * The field name each row key is written under. A key is kept as it is when
 * it is non-empty, has none of the characters whitespace, control characters,
 * `: | " \ .`, and does not start with `#`. Any other key has each such
 * character (and a leading `#`) replaced by `_` (an empty key becomes `_`);
 * if that name is already taken, `_2`, `_3`, … is appended, first free wins.
 * Kept keys are reserved first, then rewritten ones in key order, so the
 * result is deterministic and no two keys share a name. The map lists the
 * keys in the order given.
 */
export function isonFieldNames(keys: readonly string[]): ReadonlyMap<string, string> {
  const taken = new Set(keys.filter(isCarried));
  const names = new Map<string, string>();
  for (const key of keys) {
    if (names.has(key)) continue;
    if (isCarried(key)) {
      names.set(key, key);
      continue;
    }
    const base = rewrite(key);
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
    names.set(key, name);
    taken.add(name);
  }
  return names;
}

function isCarried(key: string): boolean {
  return key !== '' && !key.startsWith('#') && !NOT_CARRIED.test(key);
}

function rewrite(key: string): string {
  if (key === '') return '_';
  const replaced = key.replace(EACH_NOT_CARRIED, '_');
  return replaced.startsWith('#') ? `_${replaced.slice(1)}` : replaced;
}
