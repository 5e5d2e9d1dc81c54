import type {
  BatchCreateCallOptions,
  CallOptions,
  ListOptions,
  SearchOptions,
  UpdateCallOptions,
} from '@sqh/core';
import type { FilterInput, Model, PlatformGroupRecordService } from '@sqh/core/spi';

type Data = Readonly<Record<string, unknown>>;

/** `sqh.records` with the tenant, group and model filled in, so cases read as the behaviour they check. */
export function bindModel(records: PlatformGroupRecordService, tenantId: string | null, model: Model) {
  const at = [tenantId, model.group, model.name] as const;
  return {
    get: (id: string, options?: CallOptions) => records.get(...at, id, options),
    list: (query?: ListOptions, options?: CallOptions) => records.list(...at, query, options),
    search: (text: string, query?: SearchOptions, options?: CallOptions) =>
      records.search(...at, text, query, options),
    count: (filters?: FilterInput, options?: CallOptions) => records.count(...at, filters, options),
    create: (data: Data, options?: CallOptions) => records.create(...at, data, options),
    update: (id: string, patch: Data, options?: UpdateCallOptions) =>
      records.update(...at, id, patch, options),
    delete: (id: string, options?: CallOptions) => records.delete(...at, id, options),
    batchCreate: (rows: readonly Data[], options?: BatchCreateCallOptions) =>
      records.batchCreate(...at, rows, options),
  };
}

export type ModelClient = ReturnType<typeof bindModel>;

/** Creates rows one at a time, so a seeded dataset does not depend on the batch path it may be testing. */
export async function seedRecords(client: ModelClient, rows: readonly Data[]): Promise<void> {
  for (const row of rows) await client.create(row);
}
