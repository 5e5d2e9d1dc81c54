import type { z } from 'zod';
import type { Model } from './model.js';

interface DefView {
  readonly type: string;
  readonly coerce?: boolean;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string } } }[];
}

// Nodes whose output can differ from their input: defaults fill, pipes and
// transforms rewrite, catch replaces, nested objects drop unknown keys, sets
// are stored as arrays.
const REWRITING = new Set([
  'default',
  'prefault',
  'pipe',
  'transform',
  'catch',
  'object',
  'record',
  'set',
  'map',
]);
const WRAPPERS = new Set(['optional', 'nullable', 'readonly', 'nonoptional']);

function defOf(schema: z.ZodType): DefView {
  return (schema as unknown as { _zod: { def: DefView } })._zod.def;
}

function onlyValidates(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (REWRITING.has(def.type) || def.coerce) return false;
  // .trim(), .toLowerCase() and friends are 'overwrite' checks: they change the value.
  if (def.checks?.some((check) => check._zod.def.check === 'overwrite')) return false;
  if (WRAPPERS.has(def.type)) return def.innerType !== undefined && onlyValidates(def.innerType);
  if (def.type === 'array') return def.element !== undefined && onlyValidates(def.element);
  return true;
}

const cache = new WeakMap<Model, boolean>();

/**
 * True when parsing a model's input can only accept or refuse it, never change
 * it, and no beforeCreate hook could mutate it: the record service then hands
 * the caller's own objects to the backend instead of zod's copies, which keeps
 * 200,000-row batches from filling the old generation with duplicates.
 */
export function inputPassesThrough(model: Model): boolean {
  let result = cache.get(model);
  if (result === undefined) {
    result =
      model.hooks.beforeCreate === undefined &&
      Object.values(model.schema.shape).every((field) => onlyValidates(field as z.ZodType));
    cache.set(model, result);
  }
  return result;
}
