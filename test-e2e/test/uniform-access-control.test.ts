import type { SqhPlugin } from '@sqh/core';
import { AccessDeniedError } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphTicket, PgTicket, ticketRows } from './support/twin-models.js';
import { composeTwoStores, type TwoStores } from './support/two-stores.js';

/** One ownership policy, compiled to the Filter AST, enforced identically by both backends. */
const ownershipPolicy: SqhPlugin = {
  name: 'ownership-policy',
  register: (_container, api) =>
    api.registerAccessPolicy({
      decide: ({ access, operation }) => {
        if (!access) return { effect: 'deny', reason: 'no access context' };
        if (access.permissions.includes('support.admin')) return { effect: 'allow' };
        if (operation === 'delete') return { effect: 'deny', reason: 'only admins delete tickets' };
        return { effect: 'allowWhere', filter: { owner: access.userId } };
      },
    }),
};

const user = (userId: string, tenantId: string, permissions: string[] = []) => ({
  userId,
  teamIds: [],
  tenantId,
  permissions,
  attributes: {},
  isSharedReference: false,
});

describe('access control is the same whatever the backend', () => {
  let stores: TwoStores;
  let tenant: string;
  let admin: { access: ReturnType<typeof user> };
  let alice: { access: ReturnType<typeof user> };

  beforeAll(async () => {
    stores = await composeTwoStores([PgTicket, GraphTicket], [ownershipPolicy]);
    tenant = stores.tenant('acl');
    admin = { access: user('root', tenant, ['support.admin']) };
    alice = { access: user('alice', tenant) };
    for (const name of ['PgTicket', 'GraphTicket']) {
      await stores.sqh.records.batchCreate(
        tenant,
        'support',
        name,
        ticketRows().map((row, i) => ({ id: `t${i + 1}`, ...row })),
        admin,
      );
    }
  });
  afterAll(() => stores.close());

  for (const model of ['PgTicket', 'GraphTicket']) {
    describe(model, () => {
      it('lists and counts only what the user owns', async () => {
        const mine = await stores.sqh.records.list(tenant, 'support', model, { orderBy: ['title'] }, alice);
        expect(mine.map((r) => r.title)).toEqual(['Login loop', 'Sampler offline']);
        expect(await stores.sqh.records.count(tenant, 'support', model, { resolved: false }, alice)).toBe(2);
      });

      it('hides records the user does not own from get and search', async () => {
        expect(await stores.sqh.records.get(tenant, 'support', model, 't2', alice)).toBeNull();
        expect(await stores.sqh.records.search(tenant, 'support', model, 'report', {}, alice)).toEqual([]);
      });

      it('refuses to update records the user does not own, changing nothing', async () => {
        await expect(
          stores.sqh.records.update(tenant, 'support', model, 't2', { priority: 5 }, alice),
        ).rejects.toThrow(/No support\//);
        expect((await stores.sqh.records.get(tenant, 'support', model, 't2', admin))?.priority).toBe(3);
      });

      it('refuses to let a user hand their ticket to someone else, changing nothing', async () => {
        await expect(
          stores.sqh.records.update(tenant, 'support', model, 't1', { owner: 'bob' }, alice),
        ).rejects.toBeInstanceOf(AccessDeniedError);
        expect((await stores.sqh.records.get(tenant, 'support', model, 't1', admin))?.owner).toBe('alice');
      });

      it('refuses to create a record owned by someone else', async () => {
        const row = { ...ticketRows()[0]!, owner: 'bob' };
        await expect(stores.sqh.records.create(tenant, 'support', model, row, alice)).rejects.toBeInstanceOf(
          AccessDeniedError,
        );
      });

      it('denies deletes to non-admins', async () => {
        await expect(stores.sqh.records.delete(tenant, 'support', model, 't1', alice)).rejects.toThrow(
          /only admins delete/,
        );
        expect(await stores.sqh.records.get(tenant, 'support', model, 't1', admin)).not.toBeNull();
      });
    });
  }
});
