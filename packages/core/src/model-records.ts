import type { z } from 'zod';
import type { FieldCondition } from './filter/filter-types.js';
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

/** A field of the model's records, `id` included. */
export type FieldOf<M extends Model> = Extract<keyof RecordOf<M>, string>;

/** An orderBy entry: a field, `-` prefixed for descending. */
export type OrderFieldOf<M extends Model> = FieldOf<M> | `-${FieldOf<M>}`;

/** The filter language with field names checked against the model at compile time. */
export type FilterOf<M extends Model> = { readonly [K in FieldOf<M>]?: FieldCondition } & {
  readonly $and?: readonly FilterOf<M>[];
  readonly $or?: readonly FilterOf<M>[];
  readonly $not?: FilterOf<M>;
};

export interface ListOptionsOf<M extends Model> extends Omit<ListOptions, 'filters' | 'orderBy'> {
  readonly filters?: FilterOf<M>;
  readonly orderBy?: readonly OrderFieldOf<M>[];
}

export interface SearchOptionsOf<M extends Model> extends Omit<SearchOptions, 'filters' | 'fields'> {
  readonly fields?: readonly FieldOf<M>[];
  readonly filters?: FilterOf<M>;
}

export interface UpdateCallOptionsOf<M extends Model> extends Omit<UpdateCallOptions, 'if'> {
  readonly if?: FilterOf<M>;
}

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

  async list(
    tenantId: string | null,
    query?: ListOptionsOf<M>,
    options?: CallOptions,
  ): Promise<RecordOf<M>[]> {
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
    query?: SearchOptionsOf<M>,
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

  count(tenantId: string | null, filters?: FilterOf<M>, options?: CallOptions): Promise<number> {
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
    options?: UpdateCallOptionsOf<M>,
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
