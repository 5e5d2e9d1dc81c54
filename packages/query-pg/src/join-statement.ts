import { compileFilter, type OpenTable, quoteIdentifier, SqlParameters } from '@sqh/backend-pg';
import {
  type FieldDescriptor,
  type FieldKind,
  type FilterNode,
  ID_FIELD,
  type Model,
  quoteInput,
  ValidationError,
} from '@sqh/core/spi';
import type { PlannedQuery } from './aggregate-statement.js';
import type { ModelRef } from './model-ref.js';
import { type OutputOrder, parseOutputOrder } from './ordering.js';
import { aliasAt, decodingOf, type ResultColumn } from './result-columns.js';

/** A joined model and the name the query calls it by (default: the model name). */
export interface JoinSource {
  readonly model: ModelRef;
  readonly as?: string;
}

/**
 * One join. Either along a declared relation — `{ relation: 'result.station_id' }`
 * joins the relation's target on its `id` — or on fields of matching type:
 * `{ model: 'lab/Station', on: ['result.station_code', 'code'] }`.
 */
export type JoinStep =
  | { readonly relation: string; readonly as?: string; readonly type?: 'inner' | 'left' }
  | {
      readonly model: ModelRef;
      readonly on: readonly [left: string, right: string];
      readonly as?: string;
      readonly type?: 'inner' | 'left';
    };

export interface JoinSpec {
  readonly from: ModelRef | JoinSource;
  readonly join: readonly JoinStep[];
  /** `['result.value', 'station.name']` (keys as written) or `{ value: 'result.value' }`. */
  readonly select: readonly string[] | Readonly<Record<string, string>>;
  /** Filters per source name: `{ result: { value: { $gt: 5 } } }`. */
  readonly filters?: Readonly<Record<string, import('@sqh/core').FilterInput>>;
  /** Output keys, `-` for descending. */
  readonly orderBy?: readonly string[];
  readonly limit?: number;
}

/** A source of the join once resolved by the service: model, table, and what it may read. */
export interface ResolvedSource {
  readonly name: string;
  readonly model: Model;
  readonly table: OpenTable;
  readonly where: FilterNode | undefined;
  /** How it joins the sources before it (absent for `from`). */
  readonly on?: { readonly left: SourceField; readonly right: FieldDescriptor; readonly many: boolean };
  readonly type: 'inner' | 'left';
  /** The relation to read instead of the model's table (a foreign table of another database). */
  readonly relation?: string;
}

export interface SourceField {
  readonly source: number;
  readonly field: FieldDescriptor;
}

/** Kinds that compare with each other in a join condition. */
function family(kind: FieldKind): string | undefined {
  switch (kind) {
    case 'string':
    case 'enum':
      return 'text';
    case 'integer':
    case 'number':
      return 'number';
    case 'date':
    case 'boolean':
      return kind;
    default:
      return undefined;
  }
}

export function joinError(message: string, path: readonly (string | number)[]): ValidationError {
  return new ValidationError('Invalid joinQuery', [{ path, message }]);
}

/** `'result.value'` → the source and field it names, among the sources known so far. */
export function sourceField(
  sources: readonly { readonly name: string; readonly model: Model }[],
  reference: unknown,
  path: readonly (string | number)[],
): SourceField {
  const text = typeof reference === 'string' ? reference : '';
  const dot = text.indexOf('.');
  const index = dot > 0 ? sources.findIndex((source) => source.name === text.slice(0, dot)) : -1;
  const source = sources[index];
  const field = source?.model.field(text.slice(dot + 1));
  if (!source || !field) {
    throw joinError(
      `${JSON.stringify(String(reference).slice(0, 80))} is not 'source.field' for a source of this join (${sources.map((s) => s.name).join(', ')})`,
      path,
    );
  }
  return { source: index, field };
}

/** Checks an explicit join condition: both fields of one comparable kind. */
export function checkJoinFields(
  left: FieldDescriptor,
  right: FieldDescriptor,
  path: readonly (string | number)[],
): void {
  const leftFamily = family(left.name === ID_FIELD ? 'string' : left.kind);
  const rightFamily = family(right.name === ID_FIELD ? 'string' : right.kind);
  if (leftFamily === undefined || leftFamily !== rightFamily) {
    throw joinError(
      `cannot join '${left.name}' (${left.kind}) to '${right.name}' (${right.kind}): the fields must be of one comparable type`,
      path,
    );
  }
}

/**
 * The join as SQL. Each source is read through a derived table carrying its own
 * filter and access scope (PostgreSQL flattens these, so the plan is that of a
 * plain join); sources and columns are called t0…, c0… in SQL, whatever the
 * caller named them. Rows are ordered by the caller's keys, then every source's id.
 */
export function planJoin(
  sources: readonly ResolvedSource[],
  spec: Pick<JoinSpec, 'select' | 'orderBy'>,
  limit: number,
): PlannedQuery {
  const params = new SqlParameters();
  const tableSql = sources.map((source, index) => {
    const table = source.relation ?? quoteIdentifier(source.table.mapping.table);
    const where = source.where
      ? compileFilter(source.where, source.table.mapping, params, source.table.features)
      : undefined;
    return `${where ? `(SELECT * FROM ${table} WHERE ${where})` : table} AS t${index}`;
  });
  const fromSql = sources
    .map((source, index) => {
      if (!source.on) return tableSql[index];
      const left = `t${source.on.left.source}.${quoteIdentifier(source.on.left.field.name)}`;
      const right = `t${index}.${quoteIdentifier(source.on.right.name)}`;
      const condition = source.on.many ? `${right} = ANY (${left})` : `${left} = ${right}`;
      return `${source.type === 'left' ? 'LEFT JOIN' : 'JOIN'} ${tableSql[index]} ON ${condition}`;
    })
    .join(' ');

  const selected = selectEntries(spec.select).map(([key, reference], index) => ({
    key,
    ...sourceField(sources, reference, ['select', Array.isArray(spec.select) ? index : key]),
  }));
  if (selected.length === 0) throw joinError('select at least one field', ['select']);
  const columns: ResultColumn[] = selected.map((entry, index) => ({
    key: entry.key,
    alias: aliasAt(index),
    decoding: decodingOf(entry.field),
  }));
  const keys = new Set<string>();
  for (const entry of selected) {
    if (keys.has(entry.key)) throw joinError(`${quoteInput(entry.key)} is selected twice`, ['select']);
    keys.add(entry.key);
  }
  const order: OutputOrder[] = parseOutputOrder('joinQuery', spec.orderBy, keys);
  const aliasOf = new Map(columns.map((column) => [column.key, column.alias] as const));
  const orderSql = [
    ...order.map(
      (entry) => `${aliasOf.get(entry.key)} ${entry.descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`,
    ),
    ...sources.map((_, index) => `t${index}.${quoteIdentifier(ID_FIELD)} ASC NULLS LAST`),
  ].join(', ');
  const selectSql = selected
    .map((entry, index) => `t${entry.source}.${quoteIdentifier(entry.field.name)} AS ${aliasAt(index)}`)
    .join(', ');
  return {
    statement: {
      text: `SELECT ${selectSql} FROM ${fromSql} ORDER BY ${orderSql} LIMIT ${params.add(limit)}`,
      values: params.values,
    },
    columns,
  };
}

function selectEntries(select: JoinSpec['select']): [string, unknown][] {
  if (Array.isArray(select)) return select.map((reference) => [String(reference), reference]);
  if (select !== null && typeof select === 'object') return Object.entries(select);
  throw joinError("expected ['source.field', ...] or { key: 'source.field' }", ['select']);
}
