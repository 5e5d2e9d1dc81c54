import { NotFoundError } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError } from '../expectations.js';
import { sampleInput } from '../sample-input.js';

export function deleteCases(ctx: ConformanceContext): void {
  describe('delete', () => {
    const sample = () => ctx.client(ctx.models.sample);

    it('returns true and the record is gone from get', async () => {
      const created = await sample().create(sampleInput());
      expect(await sample().delete(created.id)).toBe(true);
      expect(await sample().get(created.id)).toBeNull();
    });

    it('returns false for an id that does not exist', async () => {
      expect(await sample().delete('sample-missing-for-delete')).toBe(false);
    });

    it('returns false the second time', async () => {
      const created = await sample().create(sampleInput());
      expect(await sample().delete(created.id)).toBe(true);
      expect(await sample().delete(created.id)).toBe(false);
    });

    it('removes the record from list and count', async () => {
      const created = await sample().create(sampleInput({ title: 'delete-from-list' }));
      await sample().delete(created.id);
      expect(await sample().list({ filters: { title: 'delete-from-list' } })).toStrictEqual([]);
      expect(await sample().count({ title: 'delete-from-list' })).toBe(0);
    });

    it('removes only the record with that id', async () => {
      const target = await sample().create(sampleInput());
      const bystander = await sample().create(sampleInput());
      await sample().delete(target.id);
      expect(await sample().get(bystander.id)).toStrictEqual(bystander);
    });

    it('frees the id: a record with the same id can be created again', async () => {
      await sample().create(sampleInput({ id: 'sample-reused-id', title: 'first' }));
      await sample().delete('sample-reused-id');
      const again = await sample().create(sampleInput({ id: 'sample-reused-id', title: 'second' }));
      expect(again.title).toBe('second');
      expect((await sample().get('sample-reused-id'))?.title).toBe('second');
    });

    it('makes update of the deleted id fail', async () => {
      const created = await sample().create(sampleInput());
      await sample().delete(created.id);
      await expectSqhError(sample().update(created.id, { title: 'x' }), NotFoundError, 'NOT_FOUND');
    });
  });
}
