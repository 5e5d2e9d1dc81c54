import { defineModel, type SqhPlugin } from '@sqh/core';
import type { SqhRecord, StorageBackendProtocol } from '@sqh/core/spi';
import { z } from 'zod';

// An in-process backend over a map of 1,000 notes: benchmarks of core's own
// overhead use it, so no database round trip hides what they measure.

export const Note = defineModel({
  group: 'bench',
  name: 'Note',
  schema: z.object({ text: z.string() }),
  storage: { backend: 'map', highVolume: false, partitionInterval: 'month', shared: false },
});

const rows = new Map<string, SqhRecord>(
  Array.from({ length: 1_000 }, (_, n) => [`n${n}`, { id: `n${n}`, text: `note ${n}` }]),
);
const mapBackend: StorageBackendProtocol = {
  key: 'map',
  capabilities: {
    transactions: true,
    partitioning: false,
    sharedReference: false,
    indexedTextSearch: false,
    graphPaths: false,
    maxBatchSize: 1_000,
    persistent: false,
    conditionalUpdates: false,
    tenantLifecycle: false,
  },
  get: async (_ctx, _model, id) => rows.get(id) ?? null,
  list: async () => [],
  search: async () => [],
  count: async () => rows.size,
  create: async (_ctx, _model, data) => ({ ...data, id: 'x' }),
  update: async () => null,
  delete: async () => false,
  batchCreate: async () => ({ count: 0, records: [] }),
};
export const mapBackendPlugin: SqhPlugin = {
  name: 'map',
  register: (_container, api) => api.registerBackend(mapBackend),
};
