import { randomBytes } from 'node:crypto';
import { pgBackend } from '@sqh/backend-pg';
import { terminusBackend } from '@sqh/backend-terminus';
import { createSqh, type Model, type Sqh, type SqhPlugin } from '@sqh/core';
import { isonPlugin } from '@sqh/ison';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import { resolveTerminus } from '@sqh/terminusdb-emulator';
import { inject } from 'vitest';

export interface TwoStores {
  readonly sqh: Sqh;
  /** Tenant ids unique to this run. */
  tenant(label: string): string;
  close(): Promise<void>;
}

/**
 * One composition over real PostgreSQL (SQH_PG_URL or embedded) and TerminusDB
 * (TERMINUSDB_URL or the emulator), plus whatever extra plugins a test adds.
 */
export async function composeTwoStores(
  models: readonly Model[],
  extraPlugins: readonly SqhPlugin[] = [],
): Promise<TwoStores> {
  const pgUrl = inject('pgUrl');
  const terminus = await resolveTerminus();
  const { url, user, key, organization } = terminus;
  const sqh = await createSqh({
    plugins: [
      pgBackend({ url: pgUrl }),
      terminusBackend({ url, user, key, organization }),
      isonPlugin(),
      ...extraPlugins,
    ],
    models,
  });
  const run = randomBytes(4).toString('hex');
  const used = new Set<string>();
  return {
    sqh,
    tenant(label) {
      const id = `e2e-${run}-${label}`;
      used.add(id);
      return id;
    },
    async close() {
      // Both stores: sqh.tenants drops the tenant's PostgreSQL and TerminusDB databases.
      for (const tenantId of used) await sqh.tenants.deprovision(tenantId, { confirm: tenantId });
      await sqh.close();
      await terminus.stop();
    },
  };
}
