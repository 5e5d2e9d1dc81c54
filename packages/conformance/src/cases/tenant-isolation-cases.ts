import { NotFoundError } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError, idsOf } from '../expectations.js';

// Later cases add records; reads below look at the seeded ones so case order does not matter.
const SEEDED = { id: { $in: ['note-main-1', 'note-main-2', 'note-other-1'] } };

export function tenantIsolationCases(ctx: ConformanceContext): void {
  describe('tenant isolation', () => {
    const inMain = () => ctx.client(ctx.models.tenantNote, ctx.tenants.main);
    const inOther = () => ctx.client(ctx.models.tenantNote, ctx.tenants.other);

    beforeAll(async () => {
      await inMain().create({ id: 'note-main-1', text: 'main tenant secret' });
      await inMain().create({ id: 'note-main-2', text: 'main tenant secret too' });
      await inOther().create({ id: 'note-other-1', text: 'other tenant secret' });
    });

    it('get does not find a record of another tenant', async () => {
      expect(await inOther().get('note-main-1')).toBeNull();
      expect(await inMain().get('note-other-1')).toBeNull();
    });

    it('list returns only the tenant’s own records', async () => {
      expect(idsOf(await inMain().list({ filters: SEEDED }))).toStrictEqual(['note-main-1', 'note-main-2']);
      expect(idsOf(await inOther().list({ filters: SEEDED }))).toStrictEqual(['note-other-1']);
    });

    it('count counts only the tenant’s own records', async () => {
      expect(await inMain().count(SEEDED)).toBe(2);
      expect(await inOther().count(SEEDED)).toBe(1);
    });

    it('search finds only the tenant’s own records', async () => {
      expect(idsOf(await inOther().search('secret'))).toStrictEqual(['note-other-1']);
    });

    it('update cannot reach a record of another tenant', async () => {
      await expectSqhError(inOther().update('note-main-1', { text: 'hijacked' }), NotFoundError, 'NOT_FOUND');
      expect((await inMain().get('note-main-1'))?.text).toBe('main tenant secret');
    });

    it('delete cannot reach a record of another tenant', async () => {
      expect(await inOther().delete('note-main-2')).toBe(false);
      expect((await inMain().get('note-main-2'))?.text).toBe('main tenant secret too');
    });

    it('the same caller-chosen id can exist in both tenants, each with its own data', async () => {
      await inMain().create({ id: 'note-shared-id', text: 'main version' });
      await inOther().create({ id: 'note-shared-id', text: 'other version' });
      expect((await inMain().get('note-shared-id'))?.text).toBe('main version');
      expect((await inOther().get('note-shared-id'))?.text).toBe('other version');
    });

    it('a batch in one tenant writes nothing in another', async () => {
      await inOther().batchCreate([{ text: 'isolation-batch' }, { text: 'isolation-batch' }]);
      expect(await inMain().count({ text: 'isolation-batch' })).toBe(0);
      expect(await inOther().count({ text: 'isolation-batch' })).toBe(2);
    });
  });
}
