import { type FieldDescriptor, type Model, quoteInput, ValidationError } from '@sqh/core/spi';

export type TimeBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
const TIME_BUCKETS: readonly TimeBucket[] = ['day', 'week', 'month', 'quarter', 'year'];

/** `'month'` (on the model's time field) or `{ field: 'created_at', bucket: 'day' }`. */
export type GroupByInput =
  | string
  | { readonly field: string; readonly bucket: TimeBucket; readonly as?: string };

/** A grouping key: a field, or a time bucket of a date field (UTC, weeks start on Monday). */
export interface GroupKey {
  readonly key: string;
  readonly field: FieldDescriptor;
  readonly bucket?: TimeBucket;
}

/**
 * The model's time field for bucket shorthands: its partition column, else its
 * only date field. A model with several date fields must name one.
 */
function timeField(model: Model, path: readonly (string | number)[]): FieldDescriptor {
  const partition = model.storage.partitionBy;
  if (partition !== undefined) return model.field(partition) as FieldDescriptor;
  const dates = model.fields.filter((field) => field.kind === 'date');
  if (dates.length === 1) return dates[0] as FieldDescriptor;
  throw new ValidationError(`Invalid groupBy for ${model.key}`, [
    {
      path,
      message:
        dates.length === 0
          ? 'the model has no date field to bucket by'
          : `the model has several date fields (${dates.map((d) => d.name).join(', ')}): use { field, bucket }`,
    },
  ]);
}

export function parseGroupBy(model: Model, input: unknown): GroupKey[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    throw new ValidationError(`Invalid groupBy for ${model.key}`, [
      { path: ['groupBy'], message: 'expected an array of field names or time buckets' },
    ]);
  }
  const keys = input.map((entry, index): GroupKey => {
    const path = ['groupBy', index];
    if (typeof entry === 'string') {
      const field = model.field(entry);
      if (field) return { key: entry, field };
      if (TIME_BUCKETS.includes(entry as TimeBucket)) {
        return { key: entry, field: timeField(model, path), bucket: entry as TimeBucket };
      }
      throw new ValidationError(`Invalid groupBy for ${model.key}`, [
        {
          path,
          message: `${quoteInput(entry)} is neither a field nor a time bucket (${TIME_BUCKETS.join(', ')})`,
        },
      ]);
    }
    const spec = entry as { field?: unknown; bucket?: unknown; as?: unknown } | null;
    if (spec === null || typeof spec !== 'object' || typeof spec.field !== 'string') {
      throw new ValidationError(`Invalid groupBy for ${model.key}`, [
        { path, message: "expected a field name or { field: 'created_at', bucket: 'day' }" },
      ]);
    }
    const field = model.field(spec.field);
    if (field?.kind !== 'date') {
      throw new ValidationError(`Invalid groupBy for ${model.key}`, [
        {
          path: [...path, 'field'],
          message: `${quoteInput(spec.field)} is not a date field of the model`,
        },
      ]);
    }
    if (!TIME_BUCKETS.includes(spec.bucket as TimeBucket)) {
      throw new ValidationError(`Invalid groupBy for ${model.key}`, [
        { path: [...path, 'bucket'], message: `expected one of ${TIME_BUCKETS.join(', ')}` },
      ]);
    }
    if (spec.as !== undefined && typeof spec.as !== 'string') {
      throw new ValidationError(`Invalid groupBy for ${model.key}`, [
        { path: [...path, 'as'], message: 'expected a string' },
      ]);
    }
    const bucket = spec.bucket as TimeBucket;
    return { key: (spec.as as string | undefined) ?? `${field.name}_${bucket}`, field, bucket };
  });
  const seen = new Set<string>();
  for (const [index, key] of keys.entries()) {
    if (seen.has(key.key)) {
      throw new ValidationError(`Invalid groupBy for ${model.key}`, [
        { path: ['groupBy', index], message: `${quoteInput(key.key)} is grouped by twice` },
      ]);
    }
    seen.add(key.key);
  }
  return keys;
}
