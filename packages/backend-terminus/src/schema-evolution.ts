import { ConfigurationError } from '@sqh/core/spi';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';

/**
 * Decides what to store when a model's class meets the class already in a
 * database. Only additive changes are made, so stored documents always stay
 * valid and no data is dropped:
 * - a new property must tolerate absence (Optional or Set);
 * - a required property may become Optional;
 * - a stored property the model no longer declares is kept when it tolerates
 *   absence (another deployment may still use it);
 * - anything else (a type change, a new required property, dropping a required
 *   one, a different key) is refused with an error naming the property.
 * Returns the class document to store, which equals `stored` when nothing changes.
 */
export function evolveClass(
  stored: JsonObject | undefined,
  desired: JsonObject,
  modelKey: string,
): JsonObject {
  if (stored === undefined) return desired;
  const className = String(desired['@id']);
  const refuse = (what: string): never => {
    throw new ConfigurationError(
      `The TerminusDB class ${className} for ${modelKey} cannot be changed safely: ${what}. ` +
        'sqh only adds optional properties and relaxes required ones; migrate the stored data first.',
    );
  };
  if (canonicalJson(stored['@type'] ?? null) !== canonicalJson(desired['@type'] ?? null))
    refuse('the stored schema entry is not a class');
  if (canonicalJson(stored['@key'] ?? null) !== canonicalJson(desired['@key'] ?? null))
    refuse('its @key strategy differs');

  const result: Record<string, JsonValue> = { ...desired };
  for (const [name, spec] of properties(desired)) {
    const before = stored[name];
    if (before === undefined) {
      if (!toleratesAbsence(spec))
        refuse(`the new property '${name}' is required, but existing documents do not have it`);
    } else if (canonicalJson(before) !== canonicalJson(spec) && !relaxes(before, spec)) {
      refuse(
        `property '${name}' is stored as ${canonicalJson(before)} and the model declares ${canonicalJson(spec)}`,
      );
    }
  }
  for (const [name, spec] of properties(stored)) {
    if (name in desired) continue;
    if (!toleratesAbsence(spec))
      refuse(`the stored property '${name}' is required, but the model no longer declares it`);
    result[name] = spec;
  }
  return result;
}

/** JSON with object keys sorted, for comparing documents by content. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function properties(document: JsonObject): [string, JsonValue][] {
  return Object.entries(document).filter(([name]) => !name.startsWith('@'));
}

function familyOf(spec: JsonValue): string {
  return isJsonObject(spec) ? String(spec['@type']) : 'required';
}

function toleratesAbsence(spec: JsonValue): boolean {
  const family = familyOf(spec);
  return family === 'Optional' || family === 'Set';
}

/** A required property becoming Optional with the same range. */
function relaxes(before: JsonValue, after: JsonValue): boolean {
  return (
    typeof before === 'string' &&
    isJsonObject(after) &&
    after['@type'] === 'Optional' &&
    after['@class'] === before
  );
}
