import { compileFilter, type OpenTable, quoteIdentifier, SqlParameters } from '@sqh/backend-pg';
import {
  type FieldDescriptor,
  type FilterInput,
  type FilterNode,
  ID_FIELD,
  type Model,
  ValidationError,
} from '@sqh/core/spi';
import { col, literal, type ModelStatic, type Model as SequelizeModel } from 'sequelize';
import type { PlannedQuery } from './aggregate-statement.js';
import { withoutTerminator } from './aggregate-statement.js';
import { checkedInteger, checkedObject } from './query-options.js';
import { aliasAt, decodingOf, type ResultColumn } from './result-columns.js';
import type { QueryGenerator } from './sequelize-tables.js';

export type RankingFunction = 'row_number' | 'rank' | 'dense_rank';
export type OffsetFunction = 'lag' | 'lead';
export type EdgeFunction = 'first_value' | 'last_value';
export type FrameAggregate = 'sum' | 'avg' | 'min' | 'max' | 'count';

/** Rows before and after the current one; a bound frame makes a moving aggregate. */
export interface WindowFrame {
  readonly preceding: number;
  readonly following?: number;
}

export type WindowInput =
  | { readonly fn: RankingFunction }
  | { readonly fn: OffsetFunction; readonly field: string; readonly offset?: number }
  | { readonly fn: EdgeFunction; readonly field: string }
  | { readonly fn: FrameAggregate; readonly field: string; readonly frame?: WindowFrame };

export interface WindowSpec {
  /** Fields that split rows into independent windows. */
  readonly partitionBy?: readonly string[];
  /** Order inside each window: field names, `-` for descending. */
  readonly orderBy?: readonly string[];
  /** Output name → window function. */
  readonly windows: Readonly<Record<string, WindowInput>>;
  /** Model fields returned with each row (default: every field and `id`). */
  readonly select?: readonly string[];
  readonly filters?: FilterInput;
  readonly limit?: number;
}

const MAX_FRAME = 100_000;
const NUMERIC = new Set(['integer', 'number']);

/**
 * Window functions over one model. The window clauses are built from validated
 * model fields and a fixed vocabulary; the filter (and access scope) applies
 * before the windows are computed, as in SQL. Rows come back ordered by the
 * partition, the window order, then `id`.
 */
export function planWindows(
  model: Model,
  table: OpenTable,
  sequelizeModel: ModelStatic<SequelizeModel>,
  generator: QueryGenerator,
  spec: WindowSpec,
  where: FilterNode | undefined,
  limit: number,
): PlannedQuery {
  const invalid = (path: (string | number)[], message: string) =>
    new ValidationError(`Invalid windowFunctions for ${model.key}`, [{ path, message }]);
  const fieldAt = (name: unknown, path: (string | number)[]): FieldDescriptor => {
    const field = typeof name === 'string' ? model.field(name) : undefined;
    if (!field)
      throw invalid(path, `${JSON.stringify(String(name).slice(0, 64))} is not a field of ${model.key}`);
    return field;
  };
  const partition = listOf(spec.partitionBy, 'partitionBy', invalid).map((name, index) =>
    fieldAt(name, ['partitionBy', index]),
  );
  const order = listOf(spec.orderBy, 'orderBy', invalid).map((entry, index) => {
    const descending = typeof entry === 'string' && entry.startsWith('-');
    const field = fieldAt(descending ? (entry as string).slice(1) : entry, ['orderBy', index]);
    return { field, descending };
  });
  const selected = (
    spec.select === undefined
      ? [ID_FIELD, ...model.fields.map((field) => field.name)]
      : listOf(spec.select, 'select', invalid)
  ).map((name, index) => fieldAt(name, ['select', index]));

  const windowInputs = checkedObject(spec.windows, 'windows');
  const names = Object.keys(windowInputs);
  if (names.length === 0) throw invalid(['windows'], 'name at least one window function');
  const keys = new Set(selected.map((field) => field.name));
  const partitionSql = partition.length
    ? `PARTITION BY ${partition.map((field) => quoteIdentifier(field.name)).join(', ')}`
    : '';
  const orderSql = order.length
    ? `ORDER BY ${order.map(({ field, descending }) => `${quoteIdentifier(field.name)}${descending ? ' DESC NULLS FIRST' : ' ASC NULLS LAST'}`).join(', ')}`
    : '';

  const windows = names.map((name) => {
    if (keys.has(name)) throw invalid(['windows', name], 'the same name is also a selected field');
    keys.add(name);
    const input = checkedObject(windowInputs[name], `windows.${name}`) as Partial<Record<string, unknown>>;
    const path = ['windows', name];
    const over = (frame: string) => `OVER (${[partitionSql, orderSql, frame].filter(Boolean).join(' ')})`;
    switch (input.fn) {
      case 'row_number':
      case 'rank':
      case 'dense_rank':
        if (order.length === 0 && input.fn !== 'row_number') throw invalid(path, `${input.fn} needs orderBy`);
        return { name, sql: `${input.fn}() ${over('')}`, decoding: 'number' as const };
      case 'lag':
      case 'lead': {
        const field = fieldAt(input.field, [...path, 'field']);
        const offset = checkedInteger(input.offset ?? 1, `windows.${name}.offset`, 1, MAX_FRAME);
        return {
          name,
          sql: `${input.fn}(${quoteIdentifier(field.name)}, ${offset}) ${over('')}`,
          decoding: decodingOf(field),
        };
      }
      case 'first_value':
      case 'last_value': {
        const field = fieldAt(input.field, [...path, 'field']);
        // The whole partition: last_value's default frame would stop at the current row.
        return {
          name,
          sql: `${input.fn}(${quoteIdentifier(field.name)}) ${over('ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING')}`,
          decoding: decodingOf(field),
        };
      }
      case 'sum':
      case 'avg':
      case 'min':
      case 'max':
      case 'count': {
        const field = fieldAt(input.field, [...path, 'field']);
        if ((input.fn === 'sum' || input.fn === 'avg') && !NUMERIC.has(field.kind)) {
          throw invalid(
            [...path, 'field'],
            `${input.fn} needs a number field, but '${field.name}' is ${field.kind}`,
          );
        }
        const frame = frameSql(input.frame, `windows.${name}.frame`);
        const call = `${input.fn}(${quoteIdentifier(field.name)})`;
        const typed =
          input.fn === 'avg' ? `(${call} ${over(frame)})::double precision` : `${call} ${over(frame)}`;
        return {
          name,
          sql: typed,
          decoding: input.fn === 'min' || input.fn === 'max' ? decodingOf(field) : ('number' as const),
        };
      }
      default:
        throw invalid(
          [...path, 'fn'],
          'expected row_number, rank, dense_rank, lag, lead, first_value, last_value, sum, avg, min, max or count',
        );
    }
  });

  const params = new SqlParameters();
  const whereSql = where ? compileFilter(where, table.mapping, params, table.features) : undefined;
  const columns: ResultColumn[] = [
    ...selected.map((field, index) => ({
      key: field.name,
      alias: aliasAt(index),
      decoding: decodingOf(field),
    })),
    ...windows.map((window, index) => ({
      key: window.name,
      alias: aliasAt(selected.length + index),
      decoding: window.decoding,
    })),
  ];
  const outputOrder = [
    ...partition.map((field) => [col(field.name), 'ASC NULLS LAST']),
    ...order.map(({ field, descending }) => [
      col(field.name),
      descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST',
    ]),
    [col(ID_FIELD), 'ASC'],
  ];
  const text = generator.selectQuery(
    table.mapping.table,
    {
      attributes: [
        ...selected.map((field, index) => [col(field.name), aliasAt(index)]),
        ...windows.map((window, index) => [literal(window.sql), aliasAt(selected.length + index)]),
      ],
      ...(whereSql ? { where: literal(whereSql) } : {}),
      order: outputOrder,
      limit,
    },
    sequelizeModel,
  );
  return { statement: { text: withoutTerminator(text), values: params.values }, columns };
}

function frameSql(frame: unknown, name: string): string {
  if (frame === undefined) return 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  const bounds = checkedObject(frame, name);
  const preceding = checkedInteger(bounds.preceding, `${name}.preceding`, 0, MAX_FRAME);
  const following = checkedInteger(bounds.following ?? 0, `${name}.following`, 0, MAX_FRAME);
  return `ROWS BETWEEN ${preceding} PRECEDING AND ${following} FOLLOWING`;
}

function listOf(
  value: unknown,
  name: string,
  invalid: (path: (string | number)[], message: string) => ValidationError,
): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid([name], 'expected an array of field names');
  return value;
}
