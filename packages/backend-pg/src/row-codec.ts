import type { SqhRecord } from '@sqh/core/spi';
import type { ColumnMapping, TableMapping } from './table-mapping.js';

/**
 * A field value as a statement parameter. pg turns JS arrays into PostgreSQL
 * array literals, which a JSONB column would refuse, so JSON is serialised here.
 */
export function encodeParameter(column: ColumnMapping, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return column.kind === 'json' ? JSON.stringify(value) : value;
}

/**
 * A result row as a record. pg returns BIGINT as a string (it may exceed 2^53);
 * core's integers are safe integers, so they convert back exactly.
 */
export function decodeRow(mapping: TableMapping, row: Record<string, unknown>): SqhRecord {
  for (const name of mapping.bigintColumns) {
    const value = row[name];
    if (typeof value === 'string') row[name] = Number(value);
  }
  return row as SqhRecord;
}
