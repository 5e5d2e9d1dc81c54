import type { z } from 'zod';
import type { SqhRecord } from './backend-protocol.js';
import { type JsonReviver, jsonDateReviver } from './json-dates.js';
import type { Model } from './model.js';

/** What normalizing one field takes, decided once per model rather than per value. */
enum Conversion {
  None,
  Date,
  Set,
  /** A json field with dates nested in it (stored as ISO strings). */
  Json,
}

interface FieldPlan {
  readonly names: readonly string[];
  readonly nullable: readonly boolean[];
  readonly conversions: readonly Conversion[];
  readonly revivers: readonly (JsonReviver | undefined)[];
}

const plans = new WeakMap<Model, FieldPlan>();

function planOf(model: Model): FieldPlan {
  let plan = plans.get(model);
  if (plan === undefined) {
    const revivers = model.fields.map((field) => {
      const schema = model.schema.shape[field.name];
      return field.kind === 'json' && schema ? jsonDateReviver(schema as z.ZodType) : undefined;
    });
    plan = {
      names: model.fields.map((field) => field.name),
      nullable: model.fields.map((field) => field.nullable),
      conversions: model.fields.map((field, index) =>
        field.kind === 'date'
          ? Conversion.Date
          : field.container === 'set'
            ? Conversion.Set
            : revivers[index]
              ? Conversion.Json
              : Conversion.None,
      ),
      revivers,
    };
    plans.set(model, plan);
  }
  return plan;
}

/**
 * True when `record` already has the normalized shape: a string id, only the
 * model's fields, every value of the right class, no null where the field is
 * not nullable. Checking allocates nothing, where a copy allocates a record.
 */
function isNormalized({ names, nullable, conversions }: FieldPlan, record: SqhRecord): boolean {
  if (typeof record.id !== 'string') return false;
  let present = 1;
  for (let index = 0; index < names.length; index++) {
    const value = record[names[index]!];
    if (value === undefined) {
      if (nullable[index]) return false;
      continue;
    }
    present++;
    if (value === null) {
      if (!nullable[index]) return false;
      continue;
    }
    const conversion = conversions[index];
    // Nested dates are not worth a deep check: such a field is always revived.
    if (conversion === Conversion.Json) return false;
    if (
      conversion === Conversion.Date
        ? !(value instanceof Date)
        : conversion === Conversion.Set && !(value instanceof Set)
    )
      return false;
  }
  let keys = 0;
  for (const _key in record) keys++;
  return keys === present;
}

/**
 * Gives every backend's records one shape: a missing value is `null` on a
 * nullable field and absent on an optional one; set fields carry a Set; date
 * fields carry Date objects, also when nested in a json field. Reads normalize every row they return, so the
 * per-field decisions are made once per model (planOf), and a record that
 * already has the shape (backends return fresh objects) is returned as is.
 */
export function normalizeRecord(model: Model, record: SqhRecord): SqhRecord {
  const plan = planOf(model);
  if (isNormalized(plan, record)) return record;
  const { names, nullable, conversions, revivers } = plan;
  const id = record.id;
  const out: Record<string, unknown> = { id: typeof id === 'string' ? id : String(id) };
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const value = record[name];
    if (value === null || value === undefined) {
      if (nullable[index]) out[name] = null;
      continue;
    }
    const conversion = conversions[index];
    if (conversion === Conversion.Date && !(value instanceof Date))
      out[name] = new Date(value as string | number);
    else if (conversion === Conversion.Set && !(value instanceof Set))
      out[name] = new Set(value as Iterable<string>);
    else if (conversion === Conversion.Json) out[name] = revivers[index]!(value);
    else out[name] = value;
  }
  return out as SqhRecord;
}
