import { NotFoundError } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError, expectValidationIssue, idsOf } from '../expectations.js';
import { sampleInput } from '../sample-input.js';

export function updateCases(ctx: ConformanceContext): void {
  describe('update', () => {
    const sample = () => ctx.client(ctx.models.sample);

    it('changes the fields in the patch and keeps every other field', async () => {
      const created = await sample().create(sampleInput({ note: 'before' }));
      const updated = await sample().update(created.id, { title: 'after', quantity: 99 });
      expect(updated).toStrictEqual({ ...created, title: 'after', quantity: 99 });
    });

    it('stores the change: get returns the updated record', async () => {
      const created = await sample().create(sampleInput());
      const updated = await sample().update(created.id, {
        status: 'archived',
        observedAt: new Date('2030-01-01T00:00:00.000Z'),
      });
      expect(await sample().get(created.id)).toStrictEqual(updated);
      expect(updated.status).toBe('archived');
      expect(updated.observedAt).toStrictEqual(new Date('2030-01-01T00:00:00.000Z'));
    });

    it('clears an optional field given null: it is then absent', async () => {
      const created = await sample().create(sampleInput({ note: 'to clear' }));
      const updated = await sample().update(created.id, { note: null });
      expect(Object.keys(updated)).not.toContain('note');
      expect(Object.keys((await sample().get(created.id)) ?? {})).not.toContain('note');
    });

    it('clears a nullable field given null: it is then null', async () => {
      const created = await sample().create(
        sampleInput({ reviewedAt: new Date('2024-01-01T00:00:00.000Z') }),
      );
      expect((await sample().update(created.id, { reviewedAt: null })).reviewedAt).toBeNull();
      expect((await sample().get(created.id))?.reviewedAt).toBeNull();
    });

    it('leaves a field unchanged when the patch gives it as undefined', async () => {
      const created = await sample().create(sampleInput({ note: 'kept' }));
      const updated = await sample().update(created.id, { note: undefined, title: 'changed' });
      expect(updated.note).toBe('kept');
      expect((await sample().get(created.id))?.note).toBe('kept');
    });

    it('replaces a nested object as a whole', async () => {
      const created = await sample().create(sampleInput());
      const details = { unit: 'ppm', readings: [], calibrated: false, comment: 'replaced' };
      expect((await sample().update(created.id, { details })).details).toStrictEqual(details);
      expect((await sample().get(created.id))?.details).toStrictEqual(details);
    });

    it('replaces a string array and a Set', async () => {
      const created = await sample().create(sampleInput({ tags: ['a', 'b'], labels: new Set(['x']) }));
      const updated = await sample().update(created.id, { tags: ['c'], labels: new Set(['y', 'z']) });
      expect(updated.tags).toStrictEqual(['c']);
      expect(updated.labels).toStrictEqual(new Set(['y', 'z']));
      expect(await sample().get(created.id)).toStrictEqual(updated);
    });

    it('returns the record unchanged for an empty patch', async () => {
      const created = await sample().create(sampleInput());
      expect(await sample().update(created.id, {})).toStrictEqual(created);
    });

    it('changes what filters see', async () => {
      const created = await sample().create(sampleInput({ title: 'update-filter-before' }));
      await sample().update(created.id, { title: 'update-filter-after' });
      expect(await sample().list({ filters: { title: 'update-filter-before' } })).toStrictEqual([]);
      expect(idsOf(await sample().list({ filters: { title: 'update-filter-after' } }))).toStrictEqual([
        created.id,
      ]);
    });

    it('changes only the record with that id', async () => {
      const target = await sample().create(sampleInput());
      const bystander = await sample().create(sampleInput());
      await sample().update(target.id, { title: 'only me' });
      expect(await sample().get(bystander.id)).toStrictEqual(bystander);
    });

    it('throws NotFoundError for an id that does not exist', async () => {
      await expectSqhError(
        sample().update('sample-missing-for-update', { title: 'x' }),
        NotFoundError,
        'NOT_FOUND',
      );
    });

    it('refuses null for a required field and keeps the record', async () => {
      const created = await sample().create(sampleInput());
      await expectValidationIssue(sample().update(created.id, { title: null }), ['title']);
      expect(await sample().get(created.id)).toStrictEqual(created);
    });

    it('refuses to change the id', async () => {
      const created = await sample().create(sampleInput());
      await expectValidationIssue(sample().update(created.id, { id: 'another-id' }), ['id']);
      expect(await sample().get('another-id')).toBeNull();
    });
  });
}
