import type { BackendCapabilities } from '@sqh/core/spi';
import { ConfigurationError, ConflictError, TenantNotProvisionedError, ValidationError } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError } from '../expectations.js';

/**
 * `sqh.tenants` through the backend's tenant lifecycle SPI. A backend with the
 * tenantLifecycle capability must provision, describe and deprovision for real;
 * one without it must be reported as lazy, undescribed and untouched, and
 * strict tenants must be refused at composition.
 */
export function tenantLifecycleCases(ctx: ConformanceContext): void {
  const capabilities = (): BackendCapabilities => {
    const [backend] = ctx.sqh().backends.all();
    if (!backend) throw new Error('The conformance suite composed no backend.');
    return backend.capabilities;
  };
  const key = () => ctx.sqh().backends.keys()[0];
  const modelKeys = () =>
    [...Object.values(ctx.models), ...(ctx.partitionedEvent ? [ctx.partitionedEvent] : [])]
      .map((model) => model.key)
      .sort();

  describe('tenant lifecycle', () => {
    it('provision is idempotent and safe to race; tables stay lazy', async () => {
      const tenantId = ctx.tenant('life-provision');
      const results = await Promise.all([
        ctx.sqh().tenants.provision(tenantId),
        ctx.sqh().tenants.provision(tenantId),
        ctx.sqh().tenants.provision(tenantId),
      ]);
      await ctx.sqh().tenants.provision(tenantId);
      const described = await ctx.sqh().tenants.describe(tenantId);

      if (!capabilities().tenantLifecycle) {
        expect(results[0]).toEqual({ tenantId, provisioned: [], lazy: [key()] });
        expect(described).toEqual({ tenantId, provisioned: true, backends: [], undescribed: [key()] });
        return;
      }
      expect(results[0]).toEqual({ tenantId, provisioned: [key()], lazy: [] });
      expect(described.provisioned).toBe(true);
      const [backend] = described.backends;
      expect(backend?.backend).toBe(key());
      expect(backend?.server).toEqual(expect.any(String));
      expect(backend?.database).toEqual(expect.any(String));
      expect(backend?.models.map((model) => model.model).sort()).toEqual(modelKeys());
      expect(backend?.models.filter((model) => model.stored)).toEqual([]);
    });

    it('describe creates nothing, then reports the tables written to and their rows', async () => {
      const tenantId = ctx.tenant('life-describe');
      const before = await ctx.sqh().tenants.describe(tenantId);
      if (!capabilities().tenantLifecycle) {
        expect(before.undescribed).toEqual([key()]);
        return;
      }
      expect(before.provisioned).toBe(false);
      expect((await ctx.sqh().tenants.describe(tenantId)).provisioned).toBe(false);

      const notes = ctx.client(ctx.models.tenantNote, tenantId);
      await notes.create({ text: 'one' });
      await notes.create({ text: 'two' });
      const after = await ctx.sqh().tenants.describe(tenantId);

      expect(after.provisioned).toBe(true);
      const note = after.backends[0]?.models.find((model) => model.model === ctx.models.tenantNote.key);
      expect(note?.stored).toBe(true);
      if (note?.rowsExact) expect(note.rows).toBe(2);
      const untouched = after.backends[0]?.models.find((model) => model.model === ctx.models.article.key);
      expect(untouched).toEqual({ model: ctx.models.article.key, stored: false });
    });

    it('deprovision needs the tenant id as confirmation, then removes every record of the tenant only', async () => {
      const tenantId = ctx.tenant('life-drop');
      const bystander = ctx.tenant('life-bystander');
      const notes = ctx.client(ctx.models.tenantNote, tenantId);
      const kept = await ctx.client(ctx.models.tenantNote, bystander).create({ text: 'stays' });
      const doomed = await notes.create({ text: 'goes' });

      await expectSqhError(
        ctx.sqh().tenants.deprovision(tenantId, { confirm: bystander }),
        ValidationError,
        'VALIDATION',
      );
      expect(await notes.get(doomed.id)).not.toBeNull();

      const result = await ctx.sqh().tenants.deprovision(tenantId, { confirm: tenantId });
      if (!capabilities().tenantLifecycle) {
        expect(result).toEqual({ tenantId, deprovisioned: [], untouched: [key()] });
        return;
      }
      expect(result).toEqual({ tenantId, deprovisioned: [key()], untouched: [] });
      expect((await ctx.sqh().tenants.describe(tenantId)).provisioned).toBe(false);
      expect(await ctx.client(ctx.models.tenantNote, bystander).get(kept.id)).not.toBeNull();
      // Lazy by default: the tenant comes back empty on its next call.
      expect(await notes.get(doomed.id)).toBeNull();
      expect(await notes.count()).toBe(0);
      await ctx.sqh().tenants.deprovision(tenantId, { confirm: tenantId });
      await ctx.sqh().tenants.deprovision(tenantId, { confirm: tenantId });
    });

    it("deprovision refuses while a call is in flight, or waits for it with whenBusy 'wait'", async () => {
      const tenantId = ctx.tenant('life-busy');
      const held = ctx.client(ctx.models.heldNote, tenantId);
      let inFlight = ctx.hold.arm();
      const first = held.create({ text: 'first' });
      await inFlight.reached;

      await expectSqhError(
        ctx.sqh().tenants.deprovision(tenantId, { confirm: tenantId }),
        ConflictError,
        'CONFLICT',
      );
      inFlight.release();
      const created = await first;
      expect(await held.get(created.id)).not.toBeNull();

      inFlight = ctx.hold.arm();
      const second = held.create({ text: 'second' });
      await inFlight.reached;
      const deprovisioning = ctx.sqh().tenants.deprovision(tenantId, { confirm: tenantId, whenBusy: 'wait' });
      await expectSqhError(held.count(), ConflictError, 'CONFLICT');
      inFlight.release();
      await second;
      await deprovisioning;
      if (capabilities().tenantLifecycle) expect(await held.count()).toBe(0);
    });

    it('strict tenants refuse a tenant that was never provisioned, and serve it once provisioned', async () => {
      if (!capabilities().tenantLifecycle) {
        await expectSqhError(ctx.compose({ strict: true }), ConfigurationError, 'CONFIGURATION');
        return;
      }
      const strict = await ctx.compose({ strict: true });
      const tenantId = ctx.tenant('life-strict');
      const notes = strict.records.of(ctx.models.tenantNote);

      const refused = await expectSqhError(notes.count(tenantId), TenantNotProvisionedError, 'NOT_FOUND');
      expect(refused.message).toContain(`sqh.tenants.provision('${tenantId}')`);
      expect((await strict.tenants.describe(tenantId)).provisioned).toBe(false);

      await strict.tenants.provision(tenantId);
      await notes.create(tenantId, { text: 'allowed' });
      expect(await notes.count(tenantId)).toBe(1);
      await strict.tenants.deprovision(tenantId, { confirm: tenantId });
      await expectSqhError(notes.count(tenantId), TenantNotProvisionedError, 'NOT_FOUND');
    });
  });
}
