import { type FilterNode, type FilterValue, ID_FIELD, type OrderSpec } from '@sqh/core/spi';
import type { DatabaseFeatures } from './database-features.js';
import { quoteIdentifier } from './sql-identifier.js';
import type { SqlParameters } from './sql-parameters.js';
import type { ColumnMapping, ColumnType, TableMapping } from './table-mapping.js';

/**
 * Compiles the core Filter AST to a parameterized WHERE expression with core's
 * exact semantics. Every compiled node is two-valued (true or false, never
 * NULL), which is what makes `NOT` the exact complement of its child: a
 * comparison on a nullable column is guarded with `IS NOT NULL`, which also
 * keeps it sargable (a COALESCE around it would hide it from indexes).
 */
export function compileFilter(
  node: FilterNode,
  mapping: TableMapping,
  params: SqlParameters,
  features: Pick<DatabaseFeatures, 'caseFoldCollation'>,
): string {
  const compile = (current: FilterNode): string => {
    switch (current.kind) {
      case 'and':
        return current.nodes.length === 0 ? 'TRUE' : `(${current.nodes.map(compile).join(' AND ')})`;
      case 'or':
        return current.nodes.length === 0 ? 'FALSE' : `(${current.nodes.map(compile).join(' OR ')})`;
      case 'not':
        return `(NOT ${compile(current.node)})`;
      case 'null': {
        const column = quoteIdentifier(mapping.column(current.field).name);
        return `(${column} IS ${current.isNull ? '' : 'NOT '}NULL)`;
      }
      case 'compare': {
        const column = mapping.column(current.field);
        if (current.op === 'ne')
          return `(${quoteIdentifier(column.name)} IS DISTINCT FROM ${params.add(current.value)})`;
        const test = `${ordered(column)} ${COMPARISON[current.op]} ${params.add(current.value)}`;
        return guarded(column, test);
      }
      case 'in': {
        const column = mapping.column(current.field);
        const values = params.add(current.values as readonly FilterValue[]);
        const found = guarded(
          column,
          `${quoteIdentifier(column.name)} = ANY (${values}::${arrayTypeOf(column.type)})`,
        );
        return current.negate ? `(NOT ${found})` : found;
      }
      case 'has': {
        const column = mapping.column(current.field);
        return guarded(column, `${params.add(current.value)} = ANY (${quoteIdentifier(column.name)})`);
      }
      case 'text': {
        const column = mapping.column(current.field);
        if (current.op === 'startsWith') {
          return guarded(column, `${ordered(column)} LIKE ${params.add(`${escapeLike(current.value)}%`)}`);
        }
        const pattern = params.add(`%${escapeLike(current.value.toLowerCase())}%`);
        return guarded(column, `${caseFolded(column.name, features)} LIKE ${pattern}`);
      }
    }
  };
  return compile(node);
}

const COMPARISON = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** `test` is NULL only when the column is; NOT NULL columns need no guard. */
function guarded(column: ColumnMapping, test: string): string {
  return column.nullable ? `(${quoteIdentifier(column.name)} IS NOT NULL AND ${test})` : `(${test})`;
}

/** Strings compare by code point, whatever the database's collation. */
function ordered(column: ColumnMapping): string {
  const name = quoteIdentifier(column.name);
  return column.kind === 'string' || column.kind === 'enum' ? `${name} COLLATE "C"` : name;
}

/**
 * The lower-cased text `icontains` and search match against. Trigram indexes
 * are built on this same expression, so the planner can use them.
 */
export function caseFolded(
  columnName: string,
  features: Pick<DatabaseFeatures, 'caseFoldCollation'>,
): string {
  const collation =
    features.caseFoldCollation === null ? '"default"' : quoteIdentifier(features.caseFoldCollation);
  return `lower(${quoteIdentifier(columnName)} COLLATE ${collation})`;
}

/** Makes `%`, `_` and `\` match themselves in a LIKE pattern (backslash is LIKE's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** VARCHAR(n) values are matched as text: a cast to varchar(n)[] would truncate longer candidates. */
function arrayTypeOf(type: ColumnType): string {
  switch (type) {
    case 'INTEGER':
      return 'integer[]';
    case 'BIGINT':
      return 'bigint[]';
    case 'DOUBLE PRECISION':
      return 'double precision[]';
    case 'BOOLEAN':
      return 'boolean[]';
    case 'TIMESTAMPTZ':
      return 'timestamptz[]';
    default:
      return 'text[]';
  }
}

/**
 * ORDER BY with core's ordering: strings by code point, missing values last
 * ascending and first descending, then `id` ascending as the final tie-break.
 */
export function compileOrderBy(order: readonly OrderSpec[], mapping: TableMapping): string {
  const keys = order.map(({ field, direction }) => {
    const column = mapping.column(field);
    return direction === 'asc' ? `${ordered(column)} ASC NULLS LAST` : `${ordered(column)} DESC NULLS FIRST`;
  });
  if (!order.some((spec) => spec.field === ID_FIELD)) keys.push(`${ordered(mapping.column(ID_FIELD))} ASC`);
  return keys.join(', ');
}
