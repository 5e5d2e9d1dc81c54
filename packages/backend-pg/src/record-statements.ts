import { type FilterNode, ID_FIELD, type ListQuery, type RecordData, type SearchQuery } from '@sqh/core/spi';
import type { DatabaseFeatures } from './database-features.js';
import { compileFilter, compileOrderBy } from './filter-compiler.js';
import { encodeParameter } from './row-codec.js';
import { quoteIdentifier } from './sql-identifier.js';
import { SqlParameters } from './sql-parameters.js';
import type { TableMapping } from './table-mapping.js';

/** One parameterized statement. */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

type Features = Pick<DatabaseFeatures, 'caseFoldCollation'>;

const columnLists = new WeakMap<TableMapping, string>();

/**
 * Explicit columns rather than `*`: a prepared `SELECT *` fails with "cached
 * plan must not change result type" once another process adds a column.
 */
function columnList(mapping: TableMapping): string {
  let list = columnLists.get(mapping);
  if (list === undefined) {
    list = mapping.columns.map((column) => quoteIdentifier(column.name)).join(', ');
    columnLists.set(mapping, list);
  }
  return list;
}

function where(
  mapping: TableMapping,
  params: SqlParameters,
  features: Features,
  ...nodes: (FilterNode | undefined)[]
): string {
  const present = nodes.filter((node): node is FilterNode => node !== undefined);
  if (present.length === 0) return '';
  const node: FilterNode = present.length === 1 ? present[0]! : { kind: 'and', nodes: present };
  return ` WHERE ${compileFilter(node, mapping, params, features)}`;
}

/**
 * A read's conditions: its filter and the caller's access scope. Core already
 * merges the scope into list, search and count filters; the backend applies it
 * too (it may be called directly), without repeating a scope that is there.
 */
function withinScope(
  filter: FilterNode | undefined,
  scope: FilterNode | undefined,
): (FilterNode | undefined)[] {
  const present =
    scope === undefined || filter === scope || (filter?.kind === 'and' && filter.nodes.includes(scope));
  return present ? [filter] : [filter, scope];
}

function byId(
  mapping: TableMapping,
  params: SqlParameters,
  id: string,
  scope: FilterNode | undefined,
  features: Features,
): string {
  const scoped = scope ? ` AND ${compileFilter(scope, mapping, params, features)}` : '';
  return ` WHERE ${quoteIdentifier(ID_FIELD)} = ${params.add(id)}${scoped}`;
}

export function selectByIdStatement(
  mapping: TableMapping,
  id: string,
  scope: FilterNode | undefined,
  features: Features,
): Statement {
  const params = new SqlParameters();
  const text = `SELECT ${columnList(mapping)} FROM ${quoteIdentifier(mapping.table)}${byId(mapping, params, id, scope, features)} LIMIT 1`;
  return { text, values: params.values };
}

export function listStatement(
  mapping: TableMapping,
  query: ListQuery,
  scope: FilterNode | undefined,
  features: Features,
): Statement {
  const params = new SqlParameters();
  const filter = where(mapping, params, features, ...withinScope(query.filter, scope));
  const order = compileOrderBy(query.orderBy, mapping);
  const offset = query.skip > 0 ? ` OFFSET ${params.add(query.skip)}` : '';
  const text =
    `SELECT ${columnList(mapping)} FROM ${quoteIdentifier(mapping.table)}${filter} ` +
    `ORDER BY ${order} LIMIT ${params.add(query.limit)}${offset}`;
  return { text, values: params.values };
}

/** Case-insensitive contains over the given fields, through the same compiler as `icontains` filters. */
export function searchStatement(
  mapping: TableMapping,
  query: SearchQuery,
  scope: FilterNode | undefined,
  features: Features,
): Statement {
  const params = new SqlParameters();
  const text: FilterNode = {
    kind: 'or',
    nodes: query.fields.map((field) => ({ kind: 'text', field, op: 'icontains', value: query.text })),
  };
  const filter = where(mapping, params, features, text, ...withinScope(query.filter, scope));
  const sql =
    `SELECT ${columnList(mapping)} FROM ${quoteIdentifier(mapping.table)}${filter} ` +
    `ORDER BY ${compileOrderBy([], mapping)} LIMIT ${params.add(query.limit)}`;
  return { text: sql, values: params.values };
}

export function countStatement(
  mapping: TableMapping,
  filter: FilterNode | undefined,
  scope: FilterNode | undefined,
  features: Features,
): Statement {
  const params = new SqlParameters();
  const conditions = where(mapping, params, features, ...withinScope(filter, scope));
  const text = `SELECT count(*) AS count FROM ${quoteIdentifier(mapping.table)}${conditions}`;
  return { text, values: params.values };
}

/** `row` carries its id; fields it leaves out are stored as NULL. */
export function insertStatement(mapping: TableMapping, row: RecordData & { readonly id: string }): Statement {
  const params = new SqlParameters();
  const names: string[] = [];
  const placeholders: string[] = [];
  for (const column of mapping.columns) {
    const value = row[column.name];
    if (value === undefined) continue;
    names.push(quoteIdentifier(column.name));
    placeholders.push(params.add(encodeParameter(column, value)));
  }
  const text =
    `INSERT INTO ${quoteIdentifier(mapping.table)} (${names.join(', ')}) VALUES (${placeholders.join(', ')}) ` +
    `RETURNING ${columnList(mapping)}`;
  return { text, values: params.values };
}

/**
 * One statement: the scope and precondition checks of the stored row and the
 * write cannot drift apart (the backend checks the patched row it returns).
 * A concurrent write to the row makes PostgreSQL wait for it and evaluate the
 * conditions again on the row it left. Undefined for an empty patch.
 */
export function updateStatement(
  mapping: TableMapping,
  id: string,
  patch: RecordData,
  scope: FilterNode | undefined,
  features: Features,
  condition?: FilterNode,
): Statement | undefined {
  const params = new SqlParameters();
  const idParam = params.add(id);
  const assignments: string[] = [];
  for (const column of mapping.columns) {
    if (column.name === ID_FIELD || !(column.name in patch)) continue;
    const value = patch[column.name];
    if (value === undefined) continue;
    assignments.push(`${quoteIdentifier(column.name)} = ${params.add(encodeParameter(column, value))}`);
  }
  if (assignments.length === 0) return undefined;
  const scoped = [scope, condition]
    .map((node) => (node ? ` AND ${compileFilter(node, mapping, params, features)}` : ''))
    .join('');
  const text =
    `UPDATE ${quoteIdentifier(mapping.table)} SET ${assignments.join(', ')} ` +
    `WHERE ${quoteIdentifier(ID_FIELD)} = ${idParam}${scoped} RETURNING ${columnList(mapping)}`;
  return { text, values: params.values };
}

export function deleteStatement(
  mapping: TableMapping,
  id: string,
  scope: FilterNode | undefined,
  features: Features,
): Statement {
  const params = new SqlParameters();
  const text = `DELETE FROM ${quoteIdentifier(mapping.table)}${byId(mapping, params, id, scope, features)}`;
  return { text, values: params.values };
}
