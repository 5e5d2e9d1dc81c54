import type { z } from 'zod';
import { defOf, unwrap } from './field-descriptor.js';

/** Turns a stored json value back into what its schema types it as. */
export type JsonReviver = (value: unknown) => unknown;

const toDate: JsonReviver = (value) =>
  typeof value === 'string' || typeof value === 'number' ? new Date(value) : value;

/**
 * A reviver for the `z.date()`s nested in a json field (objects, arrays, records,
 * tuples, unions), or undefined when there are none. Backends store json as JSON
 * text, where a date becomes an ISO string; reviving it keeps `RecordOf` true on
 * every backend.
 */
export function jsonDateReviver(schema: z.ZodType): JsonReviver | undefined {
  const { core } = unwrap(schema);
  const def = defOf(core);
  switch (def.type) {
    case 'date':
      return toDate;
    case 'array': {
      const element = def.element && jsonDateReviver(def.element);
      return element && ((value) => (Array.isArray(value) ? value.map(element) : value));
    }
    case 'record': {
      const entry = def.valueType && jsonDateReviver(def.valueType);
      return entry && ((value) => (isObject(value) ? mapValues(value, () => entry) : value));
    }
    case 'object': {
      const revivers = new Map<string, JsonReviver>();
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const reviver = jsonDateReviver(field);
        if (reviver) revivers.set(key, reviver);
      }
      return revivers.size === 0
        ? undefined
        : (value) => (isObject(value) ? mapValues(value, (key) => revivers.get(key)) : value);
    }
    case 'tuple': {
      const items = (def.items ?? []).map((item) => jsonDateReviver(item));
      const rest = def.rest ? jsonDateReviver(def.rest) : undefined;
      if (!rest && items.every((item) => item === undefined)) return undefined;
      return (value) =>
        Array.isArray(value)
          ? value.map((item, index) => {
              const reviver = index < items.length ? items[index] : rest;
              return reviver && item !== null && item !== undefined ? reviver(item) : item;
            })
          : value;
    }
    case 'union':
      return unionReviver(def.options ?? []);
    default:
      return undefined;
  }
}

/**
 * JSON text cannot say which option of a union a value was, so each option is tried in
 * order: the first whose revived value its own schema accepts wins. A stored string that
 * could be a date or a string stays a string when a string option comes first — still
 * within the declared type.
 */
function unionReviver(options: readonly z.ZodType[]): JsonReviver | undefined {
  const candidates = options.map((option) => ({ option, reviver: jsonDateReviver(option) }));
  if (candidates.every(({ reviver }) => reviver === undefined)) return undefined;
  return (value) => {
    for (const { option, reviver } of candidates) {
      const candidate = reviver ? reviver(value) : value;
      if (option.safeParse(candidate).success) return candidate;
    }
    return value;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(
  value: Record<string, unknown>,
  reviverOf: (key: string) => JsonReviver | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const reviver = reviverOf(key);
    out[key] = reviver && item !== null && item !== undefined ? reviver(item) : item;
  }
  return out;
}
