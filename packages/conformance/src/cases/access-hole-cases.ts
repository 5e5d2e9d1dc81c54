import { AccessDeniedError } from '@sqh/core/spi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError, idsOf } from '../expectations.js';
import { accessFor } from '../owner-scope-plugin.js';

const denied = (call: Promise<unknown>) => expectSqhError(call, AccessDeniedError, 'ACCESS_DENIED');

/**
 * Three ways access used to widen: a scope that comes out empty, writes to shared
 * reference data, and a context used for a tenant it was not built for. Each must
 * be ACCESS_DENIED with nothing read or changed, whatever the backend.
 */
export function accessHoleCases(ctx: ConformanceContext): void {
  describe('access: a scope that comes out empty is a deny', () => {
    const docs = () => ctx.client(ctx.models.guardedDoc);
    const as = (userId: string, scope?: string) => ({
      access: accessFor(userId, ctx.tenants.main, scope ? { attributes: { scope } } : {}),
    });
    const titleOf = async (id: string, owner: string) => (await docs().get(id, as(owner)))?.title;

    beforeAll(async () => {
      await docs().create({ id: 'guarded-alice', owner: 'alice', title: 'alice private' }, as('alice'));
      await docs().create({ id: 'guarded-bob', owner: 'bob', title: 'bob private' }, as('bob'));
    });

    it('the scope with a value still narrows', async () => {
      expect(idsOf(await docs().list({}, as('alice')))).toStrictEqual(['guarded-alice']);
    });

    for (const [what, options] of [
      ['no access context ({ owner: undefined })', () => ({})],
      ['a scope of {}', () => as('alice', 'empty')],
      ['a scope of { $and: [] }', () => as('alice', 'empty-and')],
    ] as const) {
      it(`${what}: reads are ACCESS_DENIED`, async () => {
        await denied(docs().list({}, options()));
        await denied(docs().count(undefined, options()));
        await denied(docs().get('guarded-bob', options()));
        await denied(docs().search('private', {}, options()));
      });

      it(`${what}: writes are ACCESS_DENIED and change nothing`, async () => {
        await denied(docs().update('guarded-bob', { title: 'taken' }, options()));
        await denied(docs().delete('guarded-bob', options()));
        await denied(docs().create({ id: 'guarded-forged', owner: 'bob', title: 'forged' }, options()));
        await denied(docs().batchCreate([{ owner: 'bob', title: 'forged' }], options()));
        expect(await titleOf('guarded-bob', 'bob')).toBe('bob private');
        expect(await docs().count(undefined, as('bob'))).toBe(1);
      });
    }
  });

  describe('access: a context is bound to its tenant', () => {
    const notes = () => ctx.client(ctx.models.tenantNote, ctx.tenants.main);
    const forOther = () => ({ access: accessFor('mallory', ctx.tenants.other) });
    const forNoTenant = () => ({ access: accessFor('mallory', null) });

    beforeAll(async () => {
      await notes().create({ id: 'bound-note', text: 'main only' });
    });

    for (const [what, options] of [
      ['a context for another tenant', forOther],
      ['a context for no tenant (not a platform context)', forNoTenant],
    ] as const) {
      it(`${what} cannot read or write`, async () => {
        await denied(notes().get('bound-note', options()));
        await denied(notes().list({}, options()));
        await denied(notes().count(undefined, options()));
        await denied(notes().update('bound-note', { text: 'changed' }, options()));
        await denied(notes().delete('bound-note', options()));
        await denied(notes().create({ text: 'planted' }, options()));
        expect((await notes().get('bound-note'))?.text).toBe('main only');
        expect(await notes().count({ text: 'planted' })).toBe(0);
      });
    }

    it('the tenant’s own context and an explicit platform context may act', async () => {
      const own = { access: accessFor('ann', ctx.tenants.main) };
      expect((await notes().get('bound-note', own))?.text).toBe('main only');
      const platform = { access: accessFor('nightly-job', null, { platform: true }) };
      expect((await notes().get('bound-note', platform))?.text).toBe('main only');
    });
  });

  const sharedStation = ctx.sharedStation;
  // Registered only for backends that store shared reference data (ConformanceOptions.sharedReference).
  if (!sharedStation) return;
  describe('access: shared reference data', () => {
    const stations = () => ctx.client(sharedStation, null);
    const admin = () => ({
      access: accessFor('admin', ctx.tenants.main, { permissions: ['shared_reference:write'] }),
    });
    const analyst = () => ({ access: accessFor('ann', ctx.tenants.other, { permissions: ['lab:*'] }) });

    beforeAll(async () => {
      await stations().create({ id: 'st-ath', code: 'ATH-01' }, admin());
    });

    it('writes without shared_reference:write are ACCESS_DENIED and change nothing', async () => {
      await denied(stations().create({ code: 'FORGED' }, analyst()));
      await denied(stations().batchCreate([{ code: 'FORGED' }], analyst()));
      await denied(stations().update('st-ath', { code: 'MOVED' }, analyst()));
      await denied(stations().delete('st-ath', analyst()));
      await denied(stations().create({ code: 'FORGED' }));
      expect(idsOf(await stations().list({}, analyst()))).toStrictEqual(['st-ath']);
      expect((await stations().get('st-ath', analyst()))?.code).toBe('ATH-01');
    });

    it('reads need an access context, of any tenant', async () => {
      await denied(stations().list({}));
      expect(await stations().count(undefined, analyst())).toBe(1);
      expect(await stations().count(undefined, admin())).toBe(1);
    });

    it('shared_reference:write may write', async () => {
      const made = await stations().create({ code: 'NEW-02' }, admin());
      expect(await stations().delete(made.id, admin())).toBe(true);
    });
  });
}
