import {
  ConfigurationError,
  type FieldDescriptor,
  type FieldKind,
  ID_FIELD,
  type Model,
  type PartitionInterval,
} from '@sqh/core/spi';
import { quoteIdentifier, quoteLiteral, shortHash } from './sql-identifier.js';

export type ColumnType =
  | 'TEXT'
  | `VARCHAR(${number})`
  | 'INTEGER'
  | 'BIGINT'
  | 'DOUBLE PRECISION'
  | 'BOOLEAN'
  | 'TIMESTAMPTZ'
  | 'TEXT[]'
  | 'JSONB';

export interface ColumnMapping {
  /** Column name; always the field name. */
  readonly name: string;
  readonly kind: FieldKind;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Enum values the column (or each array element) must hold, enforced by a CHECK. */
  readonly allowedValues?: readonly string[];
}

export interface PartitionMapping {
  readonly column: string;
  readonly interval: PartitionInterval;
}

/** How one model is stored: the table, its columns (id first) and its partitioning. */
export interface TableMapping {
  readonly table: string;
  readonly modelKey: string;
  readonly columns: readonly ColumnMapping[];
  readonly primaryKey: readonly string[];
  readonly partition?: PartitionMapping;
  /** String columns that get a trigram index for search (none for highVolume models). */
  readonly trigramColumns: readonly string[];
  /** BIGINT columns: pg returns them as strings, the backend turns them back into numbers. */
  readonly bigintColumns: readonly string[];
  column(name: string): ColumnMapping;
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const VARCHAR_MAX = 10_485_760;
const MAX_IDENTIFIER_BYTES = 63;

/** `AppLabResult` → `app_lab_result`, `HTTPServerLog` → `http_server_log`. */
export function defaultTableName(modelName: string): string {
  return modelName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

export function columnTypeOf(field: FieldDescriptor): ColumnType {
  switch (field.kind) {
    case 'string':
      return field.maxLength !== undefined && field.maxLength <= VARCHAR_MAX
        ? `VARCHAR(${field.maxLength})`
        : 'TEXT';
    case 'enum':
      return 'TEXT';
    case 'integer': {
      const fitsInt32 =
        field.min !== undefined &&
        field.max !== undefined &&
        field.min >= INT32_MIN &&
        field.max <= INT32_MAX;
      return fitsInt32 ? 'INTEGER' : 'BIGINT';
    }
    case 'number':
      return 'DOUBLE PRECISION';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'TIMESTAMPTZ';
    case 'stringArray':
      return 'TEXT[]';
    case 'json':
      return 'JSONB';
  }
}

function columnOf(field: FieldDescriptor): ColumnMapping {
  return Object.freeze({
    name: field.name,
    kind: field.kind,
    type: columnTypeOf(field),
    nullable: field.optional || field.nullable,
    ...(field.enumValues ? { allowedValues: Object.freeze([...field.enumValues]) } : {}),
  });
}

const ID_COLUMN: ColumnMapping = Object.freeze({
  name: ID_FIELD,
  kind: 'string',
  type: 'TEXT',
  nullable: false,
});

const mappings = new WeakMap<Model, TableMapping>();

/** The table a model is stored in; computed once per model. */
export function tableMapping(model: Model): TableMapping {
  const cached = mappings.get(model);
  if (cached) return cached;
  const table = model.storage.tableName ?? defaultTableName(model.name);
  if (Buffer.byteLength(table) > MAX_IDENTIFIER_BYTES) {
    throw new ConfigurationError(
      `Model ${model.key}: its table name '${table}' is longer than ${MAX_IDENTIFIER_BYTES} bytes; set storage.tableName.`,
    );
  }
  const columns = [ID_COLUMN, ...model.fields.map(columnOf)];
  const byName = new Map(columns.map((column) => [column.name, column] as const));
  const partitionColumn = model.storage.partitionBy;
  const mapping: TableMapping = Object.freeze({
    table,
    modelKey: model.key,
    columns: Object.freeze(columns),
    primaryKey: Object.freeze(partitionColumn === undefined ? [ID_FIELD] : [ID_FIELD, partitionColumn]),
    ...(partitionColumn === undefined
      ? {}
      : { partition: Object.freeze({ column: partitionColumn, interval: model.storage.partitionInterval }) }),
    trigramColumns: Object.freeze(
      model.storage.highVolume
        ? []
        : columns.filter((c) => c.kind === 'string' && c.name !== ID_FIELD).map((c) => c.name),
    ),
    bigintColumns: Object.freeze(columns.filter((c) => c.type === 'BIGINT').map((c) => c.name)),
    column(name: string): ColumnMapping {
      const column = byName.get(name);
      if (!column) throw new ConfigurationError(`Model ${model.key} has no field '${name}'.`);
      return column;
    },
  });
  mappings.set(model, mapping);
  return mapping;
}

/** Text columns sort and compare by code point (core's string order), so indexes serve ORDER BY. */
function isTextual(column: ColumnMapping): boolean {
  return column.type === 'TEXT' || column.type.startsWith('VARCHAR') || column.type === 'TEXT[]';
}

/** `"name" TYPE [COLLATE "C"] [NOT NULL]` — also used by ALTER TABLE ADD COLUMN. */
export function columnDefinition(column: ColumnMapping): string {
  const collate = isTextual(column) ? ' COLLATE "C"' : '';
  return `${quoteIdentifier(column.name)} ${column.type}${collate}${column.nullable ? '' : ' NOT NULL'}`;
}

/** Name of the CHECK that holds an enum column's values; the hash changes when the values do. */
export function enumConstraintName(column: ColumnMapping): string | undefined {
  if (!column.allowedValues) return undefined;
  return `${enumConstraintPrefix(column.name)}${shortHash(JSON.stringify(column.allowedValues))}`;
}

/** Every enum CHECK of one column starts with this, whatever its values. */
export function enumConstraintPrefix(columnName: string): string {
  return `sqh_enum_${shortHash(columnName)}_`;
}

export function enumCheckDefinition(column: ColumnMapping): string | undefined {
  const name = enumConstraintName(column);
  if (name === undefined || !column.allowedValues) return undefined;
  const values = `ARRAY[${column.allowedValues.map(quoteLiteral).join(', ')}]::text[]`;
  const test =
    column.kind === 'stringArray'
      ? `${quoteIdentifier(column.name)} <@ ${values}`
      : `${quoteIdentifier(column.name)} = ANY (${values})`;
  return `CONSTRAINT ${quoteIdentifier(name)} CHECK (${test})`;
}

export function createTableStatement(mapping: TableMapping): string {
  const parts = [
    ...mapping.columns.map(columnDefinition),
    ...mapping.columns.map(enumCheckDefinition).filter((check): check is string => check !== undefined),
    `PRIMARY KEY (${mapping.primaryKey.map(quoteIdentifier).join(', ')})`,
  ];
  const partitioned = mapping.partition
    ? ` PARTITION BY RANGE (${quoteIdentifier(mapping.partition.column)})`
    : '';
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(mapping.table)} (\n  ${parts.join(',\n  ')}\n)${partitioned}`;
}
