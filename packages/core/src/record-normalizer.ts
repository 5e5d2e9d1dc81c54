import type { SqhRecord } from './backend-protocol.js';
import type { Model } from './model.js';

/**
 * Gives every backend's records one shape: a missing value is `null` on a
 * nullable field and absent on an optional one; set fields carry a Set; date
 * fields carry Date objects.
 */
export function normalizeRecord(model: Model, record: SqhRecord): SqhRecord {
  const out: Record<string, unknown> = { id: String(record.id) };
  for (const field of model.fields) {
    const value = record[field.name];
    if (value === null || value === undefined) {
      if (field.nullable) out[field.name] = null;
      continue;
    }
    if (field.kind === 'date' && !(value instanceof Date))
      out[field.name] = new Date(value as string | number);
    else if (field.container === 'set' && !(value instanceof Set))
      out[field.name] = new Set(value as Iterable<string>);
    else out[field.name] = value;
  }
  return out as SqhRecord;
}
