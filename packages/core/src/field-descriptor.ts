import type { z } from 'zod';
import { ConfigurationError } from './errors.js';

/**
 * The storable kinds a model field can have. Backends map kinds to their own
 * types (columns, xsd types) from these descriptors and never inspect zod.
 */
export type FieldKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'enum'
  | 'stringArray'
  | 'json';

export interface FieldDescriptor {
  readonly name: string;
  readonly kind: FieldKind;
  /** The field may be absent from a record. */
  readonly optional: boolean;
  /** The field may hold `null`. */
  readonly nullable: boolean;
  /** The schema supplies a value when the input omits it. */
  readonly hasDefault: boolean;
  /** Strings: the declared maximum length. */
  readonly maxLength?: number;
  /** Integers and numbers: the declared bounds. */
  readonly min?: number;
  readonly max?: number;
  /** Enums and enum arrays: the allowed values. */
  readonly enumValues?: readonly string[];
  /** String arrays: whether the schema declares a Set (records then carry a Set). */
  readonly container?: 'array' | 'set';
  /** Name of the model this field points at (graph relations); holds that model's record id(s). */
  readonly reference?: string;
}

export const ID_FIELD = 'id';
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_FIELD_NAME_BYTES = 63;

// Zod 4 keeps its definition on `_zod.def`; we read only the parts listed here.
interface ZodDefView {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly in?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  /** Union options and tuple items. */
  readonly options?: readonly z.ZodType[];
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
}

export function defOf(schema: z.ZodType): ZodDefView {
  return (schema as unknown as { _zod: { def: ZodDefView } })._zod.def;
}

export interface Unwrapped {
  readonly core: z.ZodType;
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
}

/** Peels optional/nullable/default wrappers off a field schema. */
export function unwrap(schema: z.ZodType): Unwrapped {
  let core = schema;
  let optional = false;
  let nullable = false;
  let hasDefault = false;
  for (;;) {
    const def = defOf(core);
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else if (def.type === 'default' || def.type === 'prefault') hasDefault = true;
    else if (def.type !== 'readonly' && def.type !== 'nonoptional') break;
    if (!def.innerType) break;
    core = def.innerType;
  }
  return { core, optional, nullable, hasDefault };
}

function enumValues(schema: z.ZodType, field: string): readonly string[] {
  const entries = Object.values(defOf(schema).entries ?? {});
  if (entries.some((value) => typeof value !== 'string')) {
    throw new ConfigurationError(`Field '${field}': only string enums can be stored.`);
  }
  return entries as string[];
}

interface Bounds {
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly maxLength?: number | null;
  readonly format?: string | null;
}

function describeCore(
  name: string,
  schema: z.ZodType,
): Omit<FieldDescriptor, 'name' | 'optional' | 'nullable' | 'hasDefault'> {
  const def = defOf(schema);
  const bounds = schema as unknown as Bounds;
  switch (def.type) {
    case 'string':
      return { kind: 'string', ...(bounds.maxLength == null ? {} : { maxLength: bounds.maxLength }) };
    case 'number': {
      const integer = bounds.format === 'safeint' || bounds.format === 'int32' || bounds.format === 'uint32';
      const range = {
        ...(bounds.minValue == null || !Number.isFinite(bounds.minValue) ? {} : { min: bounds.minValue }),
        ...(bounds.maxValue == null || !Number.isFinite(bounds.maxValue) ? {} : { max: bounds.maxValue }),
      };
      return { kind: integer ? 'integer' : 'number', ...range };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'date':
      return { kind: 'date' };
    case 'enum':
      return { kind: 'enum', enumValues: enumValues(schema, name) };
    case 'array':
    case 'set': {
      const element = unwrap((def.element ?? def.valueType) as z.ZodType);
      const elementType = defOf(element.core).type;
      const container = def.type;
      if (!element.optional && !element.nullable && elementType === 'string') {
        return { kind: 'stringArray', container };
      }
      if (!element.optional && !element.nullable && elementType === 'enum') {
        return { kind: 'stringArray', container, enumValues: enumValues(element.core, name) };
      }
      if (container === 'set') {
        throw new ConfigurationError(
          `Field '${name}': only sets of strings can be stored; use z.array(...) for other elements.`,
        );
      }
      return { kind: 'json' };
    }
    case 'object':
    case 'record':
      return { kind: 'json' };
    default:
      throw new ConfigurationError(
        `Field '${name}' has zod type '${def.type}', which the model layer cannot store. ` +
          'Use string, number (or .int()), boolean, date, enum, an array or set of strings, or a nested object.',
      );
  }
}

/** Reads the storable shape of one field of a model's object schema; throws for unstorable types. */
export function describeField(name: string, schema: z.ZodType, reference?: string): FieldDescriptor {
  if (!FIELD_NAME.test(name) || Buffer.byteLength(name) > MAX_FIELD_NAME_BYTES) {
    throw new ConfigurationError(
      `Field name ${JSON.stringify(name)} is not allowed: use letters, digits and '_' ` +
        `(not starting with a digit), at most ${MAX_FIELD_NAME_BYTES} bytes.`,
    );
  }
  if (name === ID_FIELD) {
    throw new ConfigurationError(
      `Field '${ID_FIELD}' is reserved: every record has a string id assigned by its backend; remove it from the schema.`,
    );
  }
  const { core, optional, nullable, hasDefault } = unwrap(schema);
  const described = describeCore(name, core);
  if (reference !== undefined && described.kind !== 'string' && described.kind !== 'stringArray') {
    throw new ConfigurationError(
      `Field '${name}' is a relation to ${reference}, so it must hold a string id or an array of ids.`,
    );
  }
  return Object.freeze({
    name,
    ...described,
    optional,
    nullable,
    hasDefault,
    ...(reference === undefined ? {} : { reference }),
  });
}

/** The descriptor of the implicit `id` field every record has. */
export const ID_DESCRIPTOR: FieldDescriptor = Object.freeze({
  name: ID_FIELD,
  kind: 'string',
  optional: false,
  nullable: false,
  hasDefault: false,
});
