import { z } from 'zod';
import type { VisibleModel } from './model-catalog.js';

/** Every tool reads, and only this tenant's stores. */
export const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

/**
 * Argument schemas derived from the models the caller can see: model names and field
 * names are enumerations, so the client's JSON Schema says exactly what exists.
 */
export interface ToolArguments {
  readonly model: z.ZodEnum<Record<string, string>>;
  readonly filters: z.ZodOptional<z.ZodType<Record<string, unknown>>>;
  readonly orderBy: z.ZodOptional<z.ZodArray<z.ZodEnum<Record<string, string>>>>;
  readonly limit: z.ZodOptional<z.ZodNumber>;
  readonly format: z.ZodOptional<z.ZodEnum<{ ison: 'ison'; json: 'json' }>>;
}

export function toolArguments(visible: readonly VisibleModel[], maxRows: number): ToolArguments {
  const keys = visible.map((entry) => entry.key);
  const fields = [
    ...new Set(['id', ...visible.flatMap((entry) => entry.model.fields.map((field) => field.name))]),
  ];
  const filterKeys = z.enum([...fields, '$and', '$or', '$not']);
  return {
    model: z.enum(keys).describe('The model, as `group/Model` (see describe_models).'),
    filters: z
      .partialRecord(filterKeys, z.unknown())
      .describe(
        'Conditions on fields: a value means equal; operators $eq $ne $gt $gte $lt $lte $in $nin $null ' +
          '$icontains $startsWith; combine with $and / $or / $not. Dates as ISO strings.',
      )
      .optional() as z.ZodOptional<z.ZodType<Record<string, unknown>>>,
    orderBy: z
      .array(z.enum([...fields, ...fields.map((field) => `-${field}`)]))
      .describe('Fields to sort by, `-` first for descending.')
      .optional(),
    limit: z.number().int().min(1).max(maxRows).describe(`At most ${maxRows}.`).optional(),
    format: z
      .enum(['ison', 'json'])
      .describe('ison (default): compact tables for a language model; json: plain JSON.')
      .optional(),
  };
}
