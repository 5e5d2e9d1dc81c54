import type { Sqh } from '@sqh/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { bindModel } from '../model-client.js';
import { sampleInput } from '../sample-input.js';

/**
 * A backend declaring `persistent` keeps what it wrote when it is closed and opened
 * again: each case writes through one sqh over fresh plugins, closes it, and reads
 * through another. Skipped (and reported) for backends that keep records in memory.
 */
export function persistenceCases(ctx: ConformanceContext): void {
  const reopened = async <T>(body: (sqh: Sqh) => Promise<T>): Promise<T> => {
    const sqh = await ctx.open();
    try {
      return await body(sqh);
    } finally {
      await sqh.close();
    }
  };
  const samples = (sqh: Sqh) => bindModel(sqh.records, ctx.tenants.main, ctx.models.sample);

  describe('persistence (capability: persistent)', () => {
    it('reads back, after closing and reopening, a record created before', async (test) => {
      ctx.requires('persistent', test);
      const created = await reopened((sqh) =>
        samples(sqh).create(sampleInput({ title: 'Survives a restart' })),
      );
      const fetched = await reopened((sqh) => samples(sqh).get(created.id));
      expect(fetched).toStrictEqual(created);
    });

    it('keeps an update and a delete made before closing', async (test) => {
      ctx.requires('persistent', test);
      const [kept, gone] = await reopened(async (sqh) => {
        const first = await samples(sqh).create(sampleInput({ title: 'Updated then reopened' }));
        const second = await samples(sqh).create(sampleInput({ title: 'Deleted then reopened' }));
        await samples(sqh).update(first.id, { quantity: 99 });
        await samples(sqh).delete(second.id);
        return [first.id, second.id];
      });
      await reopened(async (sqh) => {
        expect((await samples(sqh).get(kept))?.quantity).toBe(99);
        expect(await samples(sqh).get(gone)).toBeNull();
      });
    });

    it('keeps every row of a batch written before closing', async (test) => {
      ctx.requires('persistent', test);
      const title = `Batch before a restart ${ctx.tenants.main}`;
      await reopened((sqh) =>
        samples(sqh).batchCreate(Array.from({ length: 25 }, () => sampleInput({ title }))),
      );
      expect(await reopened((sqh) => samples(sqh).count({ title }))).toBe(25);
    });
  });
}
