import {
  type BackendCapabilities,
  ConflictError,
  compareRecords,
  type FilterNode,
  type ListQuery,
  type Model,
  matchesFilter,
  type OperationContext,
  preconditionFailedError,
  type RecordData,
  type SqhRecord,
  type StorageBackendProtocol,
  updateLeavesScopeError,
} from '@sqh/core/spi';
import { createMemoryTables, type MemoryTable } from './memory-tables.js';
import { createTimeOrderedIds } from './time-ordered-ids.js';

export const MEMORY_BACKEND_KEY = 'memory';

const capabilities: BackendCapabilities = Object.freeze({
  // Each write runs to completion without awaiting, so no one sees half of it.
  transactions: true,
  partitioning: false,
  sharedReference: false,
  indexedTextSearch: false,
  graphPaths: false,
  maxBatchSize: 1_000_000,
  // The check and the write happen in one synchronous step.
  persistent: false,
  conditionalUpdates: true,
  tenantLifecycle: false,
});

/** Stored state is never shared with callers: values are copied on the way in and out. */
const copy = <T>(value: T): T => structuredClone(value);

function conflict(model: Model, id: string, row?: number): ConflictError {
  const where = row === undefined ? '' : `Batch refused at row ${row}; nothing was written: `;
  return new ConflictError(
    `${where}A ${model.key} record with id '${id}' already exists; choose another id or update it.`,
  );
}

/**
 * An in-memory StorageBackendProtocol: tables are Maps, filters and ordering use
 * core's reference semantics (matchesFilter, compareRecords). For tests, demos
 * and as a template for third-party backends; data lives as long as the process.
 */
export function createMemoryBackend(): StorageBackendProtocol {
  const tables = createMemoryTables();
  const nextId = createTimeOrderedIds();

  /** The records this operation may see: the access scope hides the rest. */
  const visible = (ctx: OperationContext, model: Model, filter?: FilterNode): SqhRecord[] =>
    [...tables.of(ctx.tenantId, model).values()].filter(
      (record) => matchesFilter(ctx.scope, record) && matchesFilter(filter, record),
    );

  const findVisible = (ctx: OperationContext, table: MemoryTable, id: string): SqhRecord | undefined => {
    const record = table.get(id);
    return record && matchesFilter(ctx.scope, record) ? record : undefined;
  };

  /** The caller's id, or a fresh one no record holds (a caller may have chosen an id that looks generated). */
  const idFor = (data: RecordData, isTaken: (id: string) => boolean): string => {
    if (typeof data.id === 'string') return data.id;
    let id = nextId();
    while (isTaken(id)) id = nextId();
    return id;
  };

  const list = async (ctx: OperationContext, model: Model, query: ListQuery): Promise<SqhRecord[]> =>
    visible(ctx, model, query.filter)
      .sort((a, b) => compareRecords(a, b, query.orderBy))
      .slice(query.skip, query.skip + query.limit)
      .map(copy);

  return {
    key: MEMORY_BACKEND_KEY,
    capabilities,

    async get(ctx, model, id) {
      const record = findVisible(ctx, tables.of(ctx.tenantId, model), id);
      return record ? copy(record) : null;
    },

    list,

    async search(ctx, model, { text, fields, filter, limit }) {
      const anyField: FilterNode = {
        kind: 'or',
        nodes: fields.map((field) => ({ kind: 'text', field, op: 'icontains', value: text })),
      };
      const combined: FilterNode = filter ? { kind: 'and', nodes: [anyField, filter] } : anyField;
      return list(ctx, model, { filter: combined, orderBy: [], limit, skip: 0 });
    },

    async count(ctx, model, filter) {
      return visible(ctx, model, filter).length;
    },

    async create(ctx, model, data) {
      const table = tables.of(ctx.tenantId, model);
      const id = idFor(data, (taken) => table.has(taken));
      if (table.has(id)) throw conflict(model, id);
      const record: SqhRecord = { ...copy(data), id };
      table.set(id, record);
      return copy(record);
    },

    async update(ctx, model, id, patch, options) {
      const table = tables.of(ctx.tenantId, model);
      const existing = findVisible(ctx, table, id);
      if (!existing) return null;
      if (!matchesFilter(options?.if, existing)) throw preconditionFailedError(model.key, id);
      const updated: SqhRecord = { ...existing, ...copy(patch), id };
      // The scope bounds the result too, or a caller could move a record out of what they may write.
      if (!matchesFilter(ctx.scope, updated)) throw updateLeavesScopeError(model.key, id);
      table.set(id, updated);
      return copy(updated);
    },

    async delete(ctx, model, id) {
      const table = tables.of(ctx.tenantId, model);
      return findVisible(ctx, table, id) !== undefined && table.delete(id);
    },

    async batchCreate(ctx, model, rows, { returning, onProgress }) {
      const table = tables.of(ctx.tenantId, model);
      // Every row is checked before any is stored: a conflict leaves the table untouched.
      const pending = new Map<string, SqhRecord>();
      for (const [index, row] of rows.entries()) {
        const id = idFor(row, (taken) => table.has(taken) || pending.has(taken));
        if (table.has(id) || pending.has(id)) throw conflict(model, id, index);
        pending.set(id, { ...copy(row), id });
      }
      for (const [id, record] of pending) table.set(id, record);
      onProgress?.({ written: pending.size, total: rows.length });
      return { count: pending.size, records: returning ? [...pending.values()].map(copy) : [] };
    },

    async close() {
      tables.clear();
    },
  };
}
