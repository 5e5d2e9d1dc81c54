import { compileFilter, quoteIdentifier, SqlParameters, type TenantEngine } from '@sqh/backend-pg';
import {
  compareValues,
  type FieldDescriptor,
  type FilterInput,
  ID_FIELD,
  type Model,
  type ResultRow,
} from '@sqh/core/spi';
import { checkJoinFields, joinError, type ResolvedSource, sourceField } from './join-statement.js';
import type { ModelRef } from './model-ref.js';
import { type OutputOrder, parseOutputOrder } from './ordering.js';
import { decodingOf } from './result-columns.js';
import { runStatement } from './statement-runner.js';

export type JoinSharedStrategy = 'auto' | 'fdw' | 'application';

export interface JoinSharedSpec {
  /** The tenant's model, e.g. `['water-quality', 'AppTenantSampleAnnotation']`. */
  readonly tenantModel: ModelRef;
  /** The shared reference model, e.g. `['water-quality', 'AppWaterQualityStation']`. */
  readonly sharedModel: ModelRef;
  /**
   * A tenant field holding the shared record's id (`'station_id'`), or a pair of
   * fields of one comparable type: `['station_code', 'station_code']`.
   */
  readonly joinOn: string | readonly [tenantField: string, sharedField: string];
  /** `['station.name', 'annotation.tenant_notes']`, keys as written, or `{ key: 'source.field' }`. */
  readonly select: readonly string[] | Readonly<Record<string, string>>;
  /** Per source name: `{ station: { water_body: 'Athabasca River' } }`. */
  readonly filters?: Readonly<Record<string, FilterInput>>;
  readonly orderBy?: readonly string[];
  readonly limit?: number;
  /** Names the query uses (default: the last word of each model name, lower-cased: `annotation`, `station`). */
  readonly tenantAs?: string;
  readonly sharedAs?: string;
  /** 'auto' (default): postgres_fdw when the server offers it, else the application-level join. */
  readonly strategy?: JoinSharedStrategy;
}

/** `AppTenantSampleAnnotation` → `annotation`, `AppWaterQualityStation` → `station`. */
export function shortName(model: Model): string {
  const words = model.name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [model.name];
  return (words[words.length - 1] as string).toLowerCase();
}

/** The join condition: which tenant field meets which shared field. */
export function joinFields(
  tenant: Model,
  shared: Model,
  joinOn: unknown,
): { readonly left: FieldDescriptor; readonly right: FieldDescriptor } {
  const [leftName, rightName] =
    typeof joinOn === 'string'
      ? [joinOn, ID_FIELD]
      : Array.isArray(joinOn) && joinOn.length === 2
        ? joinOn
        : [];
  const left = typeof leftName === 'string' ? tenant.field(leftName) : undefined;
  const right = typeof rightName === 'string' ? shared.field(rightName) : undefined;
  if (!left) throw joinError(`joinOn must name a field of ${tenant.key}`, ['joinOn']);
  if (!right) throw joinError(`joinOn must name a field of ${shared.key}`, ['joinOn']);
  checkJoinFields(left, right, ['joinOn']);
  return { left, right };
}

const ARRAY_TYPES: Readonly<Record<string, string>> = {
  string: 'text[]',
  enum: 'text[]',
  integer: 'bigint[]',
  number: 'double precision[]',
  date: 'timestamptz[]',
  boolean: 'boolean[]',
};

const BATCH = 5_000;
/** Most shared rows read first when the shared side is filtered; beyond it, tenant rows go first. */
const SHARED_FIRST_MAX = 50_000;

/**
 * The join done by the application: tenant rows first (filtered in the tenant
 * database), then, batch by batch, the shared rows whose key they reference
 * (filtered in the shared database, one `= ANY($1)` query per batch), matched in
 * memory. When the order only involves tenant fields the tenant rows come
 * ordered and reading stops at the limit; otherwise every match is collected and
 * sorted like SQL would (strings by code point, missing values last ascending).
 */
export async function applicationJoin(
  sources: readonly [ResolvedSource, ResolvedSource],
  tenantEngine: TenantEngine,
  sharedEngine: TenantEngine,
  spec: JoinSharedSpec,
  on: { readonly left: FieldDescriptor; readonly right: FieldDescriptor },
  limit: number,
  limits: { readonly timeoutMs: number; readonly signal?: AbortSignal },
  sharedFirstMax = SHARED_FIRST_MAX,
): Promise<ResultRow[]> {
  const [tenant, shared] = sources;
  const selected = selectEntries(spec.select).map(([key, reference], index) => ({
    key,
    ...sourceField(sources, reference, ['select', index]),
  }));
  const keys = new Set(selected.map((entry) => entry.key));
  if (keys.size !== selected.length) throw joinError('a key is selected twice', ['select']);
  const order = parseOutputOrder('joinShared', spec.orderBy, keys);
  const byKey = new Map(selected.map((entry) => [entry.key, entry] as const));
  const tenantOrdered = order.every((entry) => byKey.get(entry.key)?.source === 0);

  const tenantColumns = unique([
    ID_FIELD,
    on.left.name,
    ...selected.filter((e) => e.source === 0).map((e) => e.field.name),
  ]);
  const sharedColumns = unique([
    ID_FIELD,
    on.right.name,
    ...selected.filter((e) => e.source === 1).map((e) => e.field.name),
  ]);
  const sharedTable = quoteIdentifier(shared.table.mapping.table);
  const rightKey = quoteIdentifier(on.right.name);
  const keyArray = ARRAY_TYPES[on.right.name === ID_FIELD ? 'string' : on.right.kind] as string;
  const leftArray = ARRAY_TYPES[on.left.name === ID_FIELD ? 'string' : on.left.kind] as string;

  // A filtered shared side usually keeps few rows: read them first and let the
  // tenant database return only the rows that reference them.
  let sharedFirst: Record<string, unknown>[] | undefined;
  if (shared.where) {
    const params = new SqlParameters();
    const where = compileFilter(shared.where, shared.table.mapping, params, shared.table.features);
    const rows = await runStatement<Record<string, unknown>>(
      sharedEngine,
      {
        text: `SELECT ${sharedColumns.map(quoteIdentifier).join(', ')} FROM ${sharedTable} WHERE ${where} ORDER BY ${quoteIdentifier(ID_FIELD)} LIMIT ${params.add(sharedFirstMax + 1)}`,
        values: params.values,
      },
      limits,
    );
    if (rows.length <= sharedFirstMax) sharedFirst = rows;
  }

  const tenantParams = new SqlParameters();
  const tenantConditions: string[] = [];
  if (tenant.where) {
    tenantConditions.push(
      compileFilter(tenant.where, tenant.table.mapping, tenantParams, tenant.table.features),
    );
  }
  if (sharedFirst) {
    const keys = unique(sharedFirst.map((row) => row[on.right.name]));
    tenantConditions.push(`${quoteIdentifier(on.left.name)} = ANY (${tenantParams.add(keys)}::${leftArray})`);
  }
  const tenantOrder = [
    ...(tenantOrdered
      ? order.map((entry) => orderTerm(byKey.get(entry.key)?.field.name as string, entry))
      : []),
    `${quoteIdentifier(ID_FIELD)} ASC`,
  ];
  const tenantRows = await runStatement<Record<string, unknown>>(
    tenantEngine,
    {
      text: `SELECT ${tenantColumns.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(tenant.table.mapping.table)}${
        tenantConditions.length > 0 ? ` WHERE ${tenantConditions.join(' AND ')}` : ''
      } ORDER BY ${tenantOrder.join(', ')}`,
      values: tenantParams.values,
    },
    limits,
  );

  const joined: { tenant: Record<string, unknown>; shared: Record<string, unknown> }[] = [];
  const match = (batch: readonly Record<string, unknown>[], matches: readonly Record<string, unknown>[]) => {
    const index = new Map<unknown, Record<string, unknown>[]>();
    for (const row of matches) {
      const key = keyOf(row[on.right.name], on.right);
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    }
    for (const row of batch) {
      for (const found of index.get(keyOf(row[on.left.name], on.left)) ?? [])
        joined.push({ tenant: row, shared: found });
    }
  };
  if (sharedFirst) match(tenantRows, sharedFirst);
  for (let start = 0; !sharedFirst && start < tenantRows.length; start += BATCH) {
    if (tenantOrdered && joined.length >= limit) break;
    const batch = tenantRows.slice(start, start + BATCH);
    const wanted = unique(
      batch.map((row) => row[on.left.name]).filter((value) => value !== null && value !== undefined),
    );
    if (wanted.length === 0) continue;
    const params = new SqlParameters();
    const keyParam = params.add(wanted);
    const sharedWhere = shared.where
      ? ` AND ${compileFilter(shared.where, shared.table.mapping, params, shared.table.features)}`
      : '';
    const matches = await runStatement<Record<string, unknown>>(
      sharedEngine,
      {
        text: `SELECT ${sharedColumns.map(quoteIdentifier).join(', ')} FROM ${sharedTable}
                WHERE ${rightKey} = ANY (${keyParam}::${keyArray})${sharedWhere} ORDER BY ${quoteIdentifier(ID_FIELD)}`,
        values: params.values,
      },
      limits,
    );
    match(batch, matches);
  }

  if (!tenantOrdered) {
    joined.sort((a, b) => {
      for (const entry of order) {
        const field = byKey.get(entry.key) as (typeof selected)[number];
        const side = field.source === 0 ? 'tenant' : 'shared';
        const result = compareNullable(a[side][field.field.name], b[side][field.field.name], entry);
        if (result !== 0) return result;
      }
      return compareValues(a.tenant.id, b.tenant.id) || compareValues(a.shared.id, b.shared.id);
    });
  }
  return joined.slice(0, limit).map((pair) => {
    const out: Record<string, unknown> = {};
    for (const entry of selected) {
      const value = (entry.source === 0 ? pair.tenant : pair.shared)[entry.field.name];
      out[entry.key] =
        decodingOf(entry.field) === 'number' && typeof value === 'string' ? Number(value) : value;
    }
    return out;
  });
}

function orderTerm(column: string, entry: OutputOrder): string {
  return `${quoteIdentifier(column)} ${entry.descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`;
}

/** SQL's order: missing values last ascending, first descending. */
function compareNullable(a: unknown, b: unknown, entry: OutputOrder): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) {
    if (aMissing && bMissing) return 0;
    return (aMissing ? 1 : -1) * (entry.descending ? -1 : 1);
  }
  const result = compareValues(a, b);
  return entry.descending ? -result : result;
}

/** Dates compare by instant, numbers by value (BIGINT arrives as a string), in the key index. */
function keyOf(value: unknown, field: FieldDescriptor): unknown {
  if (value instanceof Date) return value.getTime();
  return field.kind === 'integer' || field.kind === 'number' ? Number(value) : value;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function selectEntries(select: JoinSharedSpec['select']): [string, unknown][] {
  if (Array.isArray(select)) return select.map((reference) => [String(reference), reference]);
  if (select !== null && typeof select === 'object') return Object.entries(select);
  throw joinError("expected ['source.field', ...] or { key: 'source.field' }", ['select']);
}
