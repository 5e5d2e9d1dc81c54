import { ConflictError, type SqhPlugin, type SqhRecord } from '../../src/index.js';
import {
  type BackendCapabilities,
  compareRecords,
  type FilterNode,
  matchesFilter,
  preconditionFailedError,
  type StorageBackendProtocol,
} from '../../src/spi.js';

export interface RecordedCall {
  readonly method: string;
  readonly tenantId: string | null;
  readonly model: string;
  /** The update's `if` precondition, as the backend received it. */
  readonly condition?: FilterNode;
}

export interface RecordingBackend extends StorageBackendProtocol {
  readonly calls: RecordedCall[];
  readonly stored: (tenantId: string | null) => SqhRecord[];
}

const CAPABILITIES: BackendCapabilities = {
  transactions: true,
  partitioning: false,
  sharedReference: false,
  indexedTextSearch: false,
  graphPaths: false,
  maxBatchSize: 1_000,
  persistent: false,
  conditionalUpdates: false,
  tenantLifecycle: false,
};

/**
 * A small in-memory backend that records every call, so core tests can see
 * which backend a call was routed to and with what. Not a mock of any store.
 */
export function recordingBackend(
  key: string,
  capabilities: Partial<BackendCapabilities> = {},
): RecordingBackend {
  const tables = new Map<string, Map<string, SqhRecord>>();
  const calls: RecordedCall[] = [];
  let next = 0;
  const table = (tenantId: string | null, model: string) => {
    lazily(tenantId);
    const name = `${tenantId}:${model}`;
    let rows = tables.get(name);
    if (!rows) {
      rows = new Map();
      tables.set(name, rows);
    }
    return rows;
  };
  const note = (method: string, tenantId: string | null, model: string) =>
    calls.push({ method, tenantId, model });

  const withLifecycle = capabilities.tenantLifecycle === true;
  /** Tenants whose "database" exists: provisioned, or created lazily by a call. */
  const databases = new Set<string>();
  const lazily = (tenantId: string | null) => {
    if (tenantId !== null) databases.add(tenantId);
  };
  const lifecycle: Partial<StorageBackendProtocol> = withLifecycle
    ? {
        async provisionTenant(tenantId) {
          note('provisionTenant', tenantId, '');
          databases.add(tenantId);
        },
        async tenantExists(tenantId) {
          note('tenantExists', tenantId, '');
          return databases.has(tenantId);
        },
        async deprovisionTenant(tenantId) {
          note('deprovisionTenant', tenantId, '');
          databases.delete(tenantId);
          for (const name of [...tables.keys()]) if (name.startsWith(`${tenantId}:`)) tables.delete(name);
        },
        async describeTenant(tenantId, models) {
          note('describeTenant', tenantId, '');
          return {
            provisioned: databases.has(tenantId),
            server: 'memory',
            database: `${key}-${tenantId}`,
            models: models.map((model) => {
              const rows = tables.get(`${tenantId}:${model.key}`);
              return rows
                ? { model: model.key, stored: true, rows: rows.size, rowsExact: true }
                : { model: model.key, stored: false };
            }),
          };
        },
      }
    : {};

  return {
    key,
    capabilities: { ...CAPABILITIES, ...capabilities },
    ...lifecycle,
    calls,
    stored: (tenantId) =>
      [...tables.entries()]
        .filter(([name]) => name.startsWith(`${tenantId}:`))
        .flatMap(([, rows]) => [...rows.values()]),
    async get(ctx, model, id) {
      note('get', ctx.tenantId, model.key);
      const row = table(ctx.tenantId, model.key).get(id);
      return row && matchesFilter(ctx.scope, row) ? { ...row } : null;
    },
    async list(ctx, model, query) {
      note('list', ctx.tenantId, model.key);
      return [...table(ctx.tenantId, model.key).values()]
        .filter((row) => matchesFilter(query.filter, row))
        .sort((a, b) => compareRecords(a, b, query.orderBy))
        .slice(query.skip, query.skip + query.limit);
    },
    async search(ctx, model, query) {
      note('search', ctx.tenantId, model.key);
      const text = query.text.toLowerCase();
      return [...table(ctx.tenantId, model.key).values()]
        .filter((row) => matchesFilter(query.filter, row))
        .filter((row) =>
          query.fields.some((field) =>
            String(row[field] ?? '')
              .toLowerCase()
              .includes(text),
          ),
        )
        .slice(0, query.limit);
    },
    async count(ctx, model, filter) {
      note('count', ctx.tenantId, model.key);
      return [...table(ctx.tenantId, model.key).values()].filter((row) => matchesFilter(filter, row)).length;
    },
    async create(ctx, model, data) {
      note('create', ctx.tenantId, model.key);
      const rows = table(ctx.tenantId, model.key);
      const id = typeof data.id === 'string' ? data.id : `${key}-${++next}`;
      if (rows.has(id)) throw new ConflictError(`duplicate id ${id}`);
      const record = { ...data, id };
      rows.set(id, record);
      return { ...record };
    },
    async update(ctx, model, id, patch, options) {
      calls.push({
        method: 'update',
        tenantId: ctx.tenantId,
        model: model.key,
        ...(options?.if ? { condition: options.if } : {}),
      });
      const rows = table(ctx.tenantId, model.key);
      const row = rows.get(id);
      if (!row || !matchesFilter(ctx.scope, row)) return null;
      if (options?.if && !matchesFilter(options.if, row)) throw preconditionFailedError(model.key, id);
      const record = { ...row, ...patch, id };
      rows.set(id, record);
      return { ...record };
    },
    async delete(ctx, model, id) {
      note('delete', ctx.tenantId, model.key);
      const rows = table(ctx.tenantId, model.key);
      const row = rows.get(id);
      if (!row || !matchesFilter(ctx.scope, row)) return false;
      return rows.delete(id);
    },
    async batchCreate(ctx, model, rows, options) {
      note('batchCreate', ctx.tenantId, model.key);
      const target = table(ctx.tenantId, model.key);
      const records = rows.map((data) => ({
        ...data,
        id: typeof data.id === 'string' ? data.id : `${key}-${++next}`,
      }));
      if (records.some((record) => target.has(record.id))) throw new ConflictError('duplicate id in batch');
      for (const record of records) target.set(record.id, record);
      options.onProgress?.({ written: records.length, total: records.length });
      return { count: records.length, records: options.returning ? records : [] };
    },
  };
}

export function pluginOf(backend: StorageBackendProtocol): SqhPlugin {
  return { name: `backend-${backend.key}`, register: (_container, api) => api.registerBackend(backend) };
}
