import { AccessDeniedError, NotFoundError } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError, idsOf, sortedIdsOf } from '../expectations.js';
import { accessFor } from '../owner-scope-plugin.js';

const SEEDED = { id: { $in: ['doc-alice-1', 'doc-alice-2', 'doc-bob-1'] } };

/**
 * The suite's access policy scopes `ScopedDoc` to `owner = access.userId`; calls
 * without an access context see everything, which lets a case check what
 * really happened behind the scope.
 */
export function accessScopeCases(ctx: ConformanceContext): void {
  describe('access scope (allowWhere)', () => {
    const docs = () => ctx.client(ctx.models.scopedDoc);
    const asAlice = () => ({ access: accessFor('alice', ctx.tenants.main) });

    beforeAll(async () => {
      await docs().create({ id: 'doc-alice-1', owner: 'alice', title: 'alice report' });
      await docs().create({ id: 'doc-alice-2', owner: 'alice', title: 'alice notes' });
      await docs().create({ id: 'doc-bob-1', owner: 'bob', title: 'bob report' });
    });

    it('get returns a record inside the scope', async () => {
      expect((await docs().get('doc-alice-1', asAlice()))?.title).toBe('alice report');
    });

    it('get returns null for a record outside the scope', async () => {
      expect(await docs().get('doc-bob-1', asAlice())).toBeNull();
    });

    it('list returns only records inside the scope', async () => {
      expect(idsOf(await docs().list({ filters: SEEDED }, asAlice()))).toStrictEqual([
        'doc-alice-1',
        'doc-alice-2',
      ]);
    });

    it('list combines the caller’s filter with the scope', async () => {
      expect(
        idsOf(await docs().list({ filters: { title: { $icontains: 'report' } } }, asAlice())),
      ).toStrictEqual(['doc-alice-1']);
    });

    it('count counts only records inside the scope', async () => {
      expect(await docs().count(SEEDED, asAlice())).toBe(2);
    });

    it('search finds only records inside the scope', async () => {
      expect(sortedIdsOf(await docs().search('report', {}, asAlice()))).toStrictEqual(['doc-alice-1']);
    });

    it('update of a record outside the scope throws NotFoundError and changes nothing', async () => {
      await expectSqhError(
        docs().update('doc-bob-1', { title: 'taken over' }, asAlice()),
        NotFoundError,
        'NOT_FOUND',
      );
      expect((await docs().get('doc-bob-1'))?.title).toBe('bob report');
    });

    it('update of a record outside the scope throws NotFoundError even when the patch would bring it inside', async () => {
      await expectSqhError(
        docs().update('doc-bob-1', { owner: 'alice' }, asAlice()),
        NotFoundError,
        'NOT_FOUND',
      );
      expect((await docs().get('doc-bob-1'))?.owner).toBe('bob');
    });

    it('update of a record inside the scope works', async () => {
      await docs().create({ id: 'doc-alice-update', owner: 'alice', title: 'draft' });
      expect((await docs().update('doc-alice-update', { title: 'final' }, asAlice())).title).toBe('final');
    });

    it('update of a scoped field that keeps the record inside the scope works', async () => {
      await docs().create({ id: 'doc-alice-keep', owner: 'alice', title: 'draft' });
      const updated = await docs().update('doc-alice-keep', { owner: 'alice', title: 'final' }, asAlice());
      expect(updated).toMatchObject({ owner: 'alice', title: 'final' });
      expect(await docs().get('doc-alice-keep')).toMatchObject({ owner: 'alice', title: 'final' });
    });

    it('update that would move a record outside the scope throws AccessDeniedError and changes nothing', async () => {
      await docs().create({ id: 'doc-alice-move', owner: 'alice', title: 'draft' });
      await expectSqhError(
        docs().update('doc-alice-move', { owner: 'bob', title: 'handed over' }, asAlice()),
        AccessDeniedError,
        'ACCESS_DENIED',
      );
      expect(await docs().get('doc-alice-move')).toMatchObject({ owner: 'alice', title: 'draft' });
    });

    it('delete of a record outside the scope returns false and keeps it', async () => {
      expect(await docs().delete('doc-bob-1', asAlice())).toBe(false);
      expect((await docs().get('doc-bob-1'))?.owner).toBe('bob');
    });

    it('delete of a record inside the scope works', async () => {
      await docs().create({ id: 'doc-alice-delete', owner: 'alice', title: 'to delete' });
      expect(await docs().delete('doc-alice-delete', asAlice())).toBe(true);
      expect(await docs().get('doc-alice-delete')).toBeNull();
    });

    it('create outside the scope throws AccessDeniedError and writes nothing', async () => {
      await expectSqhError(
        docs().create({ id: 'doc-forged', owner: 'bob', title: 'forged' }, asAlice()),
        AccessDeniedError,
        'ACCESS_DENIED',
      );
      expect(await docs().get('doc-forged')).toBeNull();
    });
  });
}
