import type { z } from 'zod';
import type { FilterInput } from './filter/filter-types.js';
import type { Model, RecordOf } from './model.js';
import type {
  BatchCreateCallOptions,
  CallOptions,
  ListOptions,
  PlatformGroupRecordService,
  SearchOptions,
  UpdateCallOptions,
} from './record-service.js';

type Input<M extends Model> = z.input<M['schema']>;

/**
 * The record service bound to one model, with the record type inferred from its
 * schema: `sqh.records.of(LabResult).list(tenant, {...})` returns typed records.
 * Every call goes through the same validation, hooks, access and projection as
 * the string-keyed service.
 */
export class ModelRecords<M extends Model> {
  constructor(
    private readonly service: PlatformGroupRecordService,
    readonly model: M,
  ) {}

  async get(tenantId: string | null, id: string, options?: CallOptions): Promise<RecordOf<M> | null> {
    return (await this.service.get(
      tenantId,
      this.model.group,
      this.model.name,
      id,
      options,
    )) as RecordOf<M> | null;
  }

  async list(tenantId: string | null, query?: ListOptions, options?: CallOptions): Promise<RecordOf<M>[]> {
    return (await this.service.list(
      tenantId,
      this.model.group,
      this.model.name,
      query,
      options,
    )) as RecordOf<M>[];
  }

  async search(
    tenantId: string | null,
    text: string,
    query?: SearchOptions,
    options?: CallOptions,
  ): Promise<RecordOf<M>[]> {
    const found = await this.service.search(
      tenantId,
      this.model.group,
      this.model.name,
      text,
      query,
      options,
    );
    return found as RecordOf<M>[];
  }

  count(tenantId: string | null, filters?: FilterInput, options?: CallOptions): Promise<number> {
    return this.service.count(tenantId, this.model.group, this.model.name, filters, options);
  }

  async create(
    tenantId: string | null,
    data: Input<M> & { id?: string },
    options?: CallOptions,
  ): Promise<RecordOf<M>> {
    return (await this.service.create(
      tenantId,
      this.model.group,
      this.model.name,
      data,
      options,
    )) as RecordOf<M>;
  }

  async update(
    tenantId: string | null,
    id: string,
    patch: { [K in keyof Input<M>]?: Input<M>[K] | null },
    options?: UpdateCallOptions,
  ): Promise<RecordOf<M>> {
    return (await this.service.update(
      tenantId,
      this.model.group,
      this.model.name,
      id,
      patch,
      options,
    )) as RecordOf<M>;
  }

  delete(tenantId: string | null, id: string, options?: CallOptions): Promise<boolean> {
    return this.service.delete(tenantId, this.model.group, this.model.name, id, options);
  }

  async batchCreate(
    tenantId: string | null,
    rows: readonly (Input<M> & { id?: string })[],
    options?: BatchCreateCallOptions,
  ): Promise<{ count: number; records: RecordOf<M>[] }> {
    const result = await this.service.batchCreate(tenantId, this.model.group, this.model.name, rows, options);
    return { count: result.count, records: result.records as RecordOf<M>[] };
  }
}
