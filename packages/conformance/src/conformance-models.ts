import { defineModel } from '@sqh/core';
import type { Model, StorageConfig } from '@sqh/core/spi';
import { z } from 'zod';
import type { CallHold } from './call-hold.js';

export const CONFORMANCE_GROUP = 'conformance';

/**
 * Each case group works on its own model, so seeded datasets never meet and
 * counts stay exact; tenants (a database each on PostgreSQL) are shared.
 */
export function defineConformanceModels(storage: StorageConfig, hold: CallHold) {
  const group = CONFORMANCE_GROUP;
  return {
    /** Every field kind, for round trips, updates and deletes. */
    sample: defineModel({
      group,
      name: 'Sample',
      storage,
      schema: z.object({
        title: z.string(),
        quantity: z.number().int(),
        ratio: z.number(),
        active: z.boolean(),
        observedAt: z.date(),
        status: z.enum(['draft', 'published', 'archived']),
        tags: z.array(z.string()),
        labels: z.set(z.string()),
        details: z.object({
          unit: z.string(),
          readings: z.array(z.number()),
          calibrated: z.boolean(),
          comment: z.string().nullable(),
        }),
        points: z.array(z.object({ x: z.number(), y: z.number() })).optional(),
        /** Dates nested in json: stored as text by most backends, typed and returned as Date. */
        events: z.array(z.object({ at: z.date(), label: z.string() })).optional(),
        note: z.string().optional(),
        reviewedAt: z.date().nullable(),
        priority: z.number().int().default(3),
      }),
    }),
    /** A small dataset with nulls and absent values, for every filter operator. */
    filterRow: defineModel({
      group,
      name: 'FilterRow',
      storage,
      schema: z.object({
        name: z.string(),
        score: z.number().int().nullable(),
        ratio: z.number().optional(),
        active: z.boolean().nullable(),
        at: z.date().optional(),
        kind: z.enum(['alpha', 'beta', 'gamma']),
        tags: z.array(z.string()).optional(),
      }),
    }),
    /** Accents, emoji and LIKE metacharacters, for text operators and string order. */
    textRow: defineModel({
      group,
      name: 'TextRow',
      storage,
      schema: z.object({ text: z.string().nullable() }),
    }),
    orderRow: defineModel({
      group,
      name: 'OrderRow',
      storage,
      schema: z.object({
        group: z.enum(['x', 'y']),
        rank: z.number().int().nullable(),
        label: z.string(),
        when: z.date(),
        flag: z.boolean(),
        weight: z.number().optional(),
      }),
    }),
    cursorRow: defineModel({
      group,
      name: 'CursorRow',
      storage,
      schema: z.object({
        series: z.string(),
        bucket: z.number().int(),
        rank: z.number().int().nullable(),
        label: z.string().optional(),
        when: z.date().nullable(),
        flag: z.boolean(),
      }),
    }),
    pageRow: defineModel({
      group,
      name: 'PageRow',
      storage,
      schema: z.object({ bucket: z.number().int(), position: z.number().int() }),
    }),
    article: defineModel({
      group,
      name: 'Article',
      storage,
      schema: z.object({
        title: z.string(),
        body: z.string().nullable(),
        status: z.enum(['draft', 'published', 'archived']),
        views: z.number().int(),
      }),
    }),
    countRow: defineModel({
      group,
      name: 'CountRow',
      storage,
      schema: z.object({ colour: z.enum(['red', 'green', 'blue']), size: z.number().int().nullable() }),
    }),
    /** Constants beyond what a field can hold: a bounded integer and a date. */
    rangeRow: defineModel({
      group,
      name: 'RangeRow',
      storage,
      schema: z.object({
        label: z.string(),
        small: z.number().int().min(-100).max(100).nullable(),
        at: z.date().optional(),
      }),
    }),
    /** One id, one record; the partitioned twin is `definePartitionedEvent`. */
    event: defineModel({
      group,
      name: 'Event',
      storage,
      schema: z.object({ label: z.string(), at: z.date() }),
    }),
    /** Read-modify-write under concurrency: update preconditions. */
    counter: defineModel({
      group,
      name: 'Counter',
      storage,
      schema: z.object({ name: z.string(), count: z.number().int() }),
    }),
    batchItem: defineModel({
      group,
      name: 'BatchItem',
      storage,
      schema: z.object({ label: z.string(), position: z.number().int(), code: z.string().optional() }),
    }),
    tenantNote: defineModel({
      group,
      name: 'TenantNote',
      storage,
      schema: z.object({ text: z.string() }),
    }),
    scopedDoc: defineModel({
      group,
      name: 'ScopedDoc',
      storage,
      schema: z.object({ owner: z.string(), title: z.string() }),
    }),
    /** A policy that scopes it by `access?.userId`, however the call comes: the empty-scope hole. */
    guardedDoc: defineModel({
      group,
      name: 'GuardedDoc',
      storage,
      schema: z.object({ owner: z.string(), title: z.string() }),
    }),
    /** Its creates pass the suite's CallHold, so a test can keep one in flight. */
    heldNote: defineModel({
      group,
      name: 'HeldNote',
      storage,
      schema: z.object({ text: z.string() }),
      hooks: {
        async beforeCreate() {
          await hold.pass();
        },
      },
    }),
    hostileRow: defineModel({
      group,
      name: 'HostileRow',
      storage,
      schema: z.object({
        text: z.string(),
        tags: z.array(z.string()),
        attributes: z.record(z.string(), z.string()),
      }),
    }),
  } satisfies Record<string, Model>;
}

export type ConformanceModels = ReturnType<typeof defineConformanceModels>;

/** Shared reference data for the shared access cases: lives outside every tenant. */
/** Partitioned by `at`: one id must still mean one record across partitions. */
export function definePartitionedEvent(storage: StorageConfig): Model {
  return defineModel({
    group: CONFORMANCE_GROUP,
    name: 'PartitionedEvent',
    storage,
    schema: z.object({ label: z.string(), at: z.date() }),
  });
}

export function defineSharedStation(storage: StorageConfig): Model {
  return defineModel({
    group: CONFORMANCE_GROUP,
    name: 'SharedStation',
    storage,
    schema: z.object({ code: z.string() }),
  });
}
