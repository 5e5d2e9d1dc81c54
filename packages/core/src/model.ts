import type { z } from 'zod';
import { ConfigurationError } from './errors.js';
import { describeField, type FieldDescriptor, ID_DESCRIPTOR, ID_FIELD } from './field-descriptor.js';
import type { ModelHooks } from './hooks.js';
import { StorageConfig } from './storage-config.js';

export type ModelSchema = z.ZodObject<z.ZodRawShape>;

/** What a projection sink is told to index for this model. */
export interface ProjectionConfig {
  readonly enabled: boolean;
  /** Fields worth indexing; all fields when absent. */
  readonly fields?: readonly string[];
}

/**
 * A relation written as an object: the target model, and optionally the name under which the
 * target reaches back to this model (a contact's `account` declares `inverse: 'contacts'`, so a
 * graph path can go from an account to its contacts although accounts store no such field).
 */
export interface RelationDefinition {
  readonly model: string;
  readonly inverse?: string;
}

export interface ModelDefinition<S extends ModelSchema> {
  /** Platform group slug, e.g. `lab`. */
  group: string;
  /** Model name, e.g. `AppLabResult`. */
  name: string;
  schema: S;
  /** Where records live; TerminusDB when omitted. */
  storage?: StorageConfig;
  hooks?: ModelHooks<z.output<S>>;
  /**
   * Graph relations: field name → target model name (`Model` in the same group, or `group/Model`),
   * or `{ model, inverse }` to also name the way back.
   */
  relations?: Readonly<Partial<Record<keyof z.output<S> & string, string | RelationDefinition>>>;
  projection?: Partial<ProjectionConfig>;
}

export interface Model<S extends ModelSchema = ModelSchema> {
  readonly group: string;
  readonly name: string;
  /** `group/name`, unique within a registry. */
  readonly key: string;
  readonly schema: S;
  readonly storage: StorageConfig;
  /** Storable fields in declaration order, without `id`. */
  readonly fields: readonly FieldDescriptor[];
  readonly hooks: ModelHooks<z.output<S>>;
  /** Field name → fully qualified target model key (`group/Model`). */
  readonly relations: Readonly<Record<string, string>>;
  /** Relation field → the inverse name its target model reaches this model by (only those declared). */
  readonly relationInverses: Readonly<Record<string, string>>;
  readonly projection: ProjectionConfig;
  /** The descriptor of a field (including `id`), or undefined. */
  field(name: string): FieldDescriptor | undefined;
}

/** The record type of a model: its schema output plus the string `id`. */
export type RecordOf<M extends Model> = z.output<M['schema']> & { id: string };
/** What `create` accepts for a model: its schema input, optionally with an `id`. */
export type CreateInputOf<M extends Model> = z.input<M['schema']> & { id?: string };

const GROUP_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MODEL_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

function qualify(group: string, target: string): string {
  return target.includes('/') ? target : `${group}/${target}`;
}

/**
 * Declares a model. Everything that can be checked without a backend is checked
 * here, so a bad declaration fails at startup with a message naming the problem.
 */
export function defineModel<S extends ModelSchema>(definition: ModelDefinition<S>): Model<S> {
  const { group, name, schema } = definition;
  if (typeof group !== 'string' || !GROUP_SLUG.test(group)) {
    throw new ConfigurationError(
      `Group slug ${JSON.stringify(group)} is not valid: use lower-case letters, digits and '-', at most 63 characters.`,
    );
  }
  if (typeof name !== 'string' || !MODEL_NAME.test(name)) {
    throw new ConfigurationError(
      `Model name ${JSON.stringify(name)} in group '${group}' is not valid: start with a letter, then letters, digits or '_'.`,
    );
  }
  const where = `${group}/${name}`;
  const schemaType = (schema as unknown as { _zod?: { def?: { type?: string } } })?._zod?.def?.type;
  if (schemaType !== 'object') {
    throw new ConfigurationError(
      `Model ${where}: schema must be a zod object (z.object({...})).${zod3Hint(schema)}`,
    );
  }
  const storage = definition.storage ?? StorageConfig.default();
  const relations: Record<string, string> = {};
  const relationInverses: Record<string, string> = {};
  for (const [field, declared] of Object.entries(definition.relations ?? {})) {
    const target = typeof declared === 'object' && declared !== null ? declared.model : declared;
    const inverse = typeof declared === 'object' && declared !== null ? declared.inverse : undefined;
    if (inverse !== undefined) {
      if (typeof inverse !== 'string' || !MODEL_NAME.test(inverse)) {
        throw new ConfigurationError(
          `Model ${where}: the inverse name of relation '${field}' must start with a letter, then letters, digits or '_'.`,
        );
      }
      relationInverses[field] = inverse;
    }
    if (typeof target !== 'string' || !/^([a-z0-9][a-z0-9-]*\/)?[A-Za-z][A-Za-z0-9_]*$/.test(target)) {
      throw new ConfigurationError(
        `Model ${where}: relation '${field}' must name a model, e.g. 'AppCRMContact'.`,
      );
    }
    if (!(field in schema.shape)) {
      throw new ConfigurationError(
        `Model ${where}: relation '${field}' names a field the schema does not have.`,
      );
    }
    relations[field] = qualify(group, target);
  }

  const fields: FieldDescriptor[] = [];
  for (const [fieldName, fieldSchema] of Object.entries(schema.shape)) {
    try {
      fields.push(describeField(fieldName, fieldSchema as z.ZodType, relations[fieldName]));
    } catch (error) {
      throw new ConfigurationError(`Model ${where}: ${(error as Error).message}`, { cause: error });
    }
  }
  const byName = new Map<string, FieldDescriptor>([
    [ID_FIELD, ID_DESCRIPTOR],
    ...fields.map((f) => [f.name, f] as const),
  ]);

  if (storage.partitionBy !== undefined) {
    const partition = byName.get(storage.partitionBy);
    if (!partition || partition.name === ID_FIELD) {
      throw new ConfigurationError(
        `Model ${where}: partitionBy '${storage.partitionBy}' is not a field of the schema.`,
      );
    }
    if (partition.kind !== 'date') {
      throw new ConfigurationError(
        `Model ${where}: partitionBy '${storage.partitionBy}' must be a date field (z.date()), but it is ${partition.kind}.`,
      );
    }
    if (partition.optional || partition.nullable) {
      throw new ConfigurationError(
        `Model ${where}: partitionBy '${storage.partitionBy}' must be required: every row needs a value to find its partition.`,
      );
    }
  }

  const projectionFields = definition.projection?.fields;
  for (const field of projectionFields ?? []) {
    if (!byName.has(field)) {
      throw new ConfigurationError(
        `Model ${where}: projection field '${field}' is not a field of the schema.`,
      );
    }
  }

  return Object.freeze({
    group,
    name,
    key: where,
    schema,
    storage,
    fields: Object.freeze(fields),
    hooks: Object.freeze({ ...(definition.hooks ?? {}) }),
    relations: Object.freeze(relations),
    relationInverses: Object.freeze(relationInverses),
    projection: Object.freeze({
      enabled: definition.projection?.enabled ?? true,
      ...(projectionFields === undefined ? {} : { fields: Object.freeze([...projectionFields]) }),
    }),
    field: (fieldName: string) => byName.get(fieldName),
  });
}

/** Zod 3 schemas carry `_def` but no `_zod`: name the version sqh needs instead of a vague refusal. */
function zod3Hint(schema: unknown): string {
  const legacy = typeof schema === 'object' && schema !== null && '_def' in schema && !('_zod' in schema);
  return legacy
    ? " This schema was built with zod 3; sqh needs zod 4 (peer range ^4.0.0): install 'zod@^4' and import { z } from 'zod'."
    : '';
}
