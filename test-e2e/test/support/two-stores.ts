import { randomBytes } from 'node:crypto';
import { pgBackend } from '@sqh/backend-pg';
import { terminusBackend } from '@sqh/backend-terminus';
import { createSqh, type Model, type Sqh, type SqhPlugin } from '@sqh/core';
import { isonPlugin } from '@sqh/ison';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import { type RunningEmulator, startEmulator } from '@sqh/terminusdb-emulator';
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
  const realTerminus = process.env.TERMINUSDB_URL;
  const emulator: RunningEmulator | undefined = realTerminus ? undefined : await startEmulator({ port: 0 });
  const terminus = {
    url: realTerminus ?? emulator!.url,
    user: process.env.TERMINUSDB_USER ?? 'admin',
    key: process.env.TERMINUSDB_PASSWORD ?? process.env.TERMINUSDB_KEY ?? 'root',
  };
  const sqh = await createSqh({
    plugins: [pgBackend({ url: pgUrl }), terminusBackend(terminus), isonPlugin(), ...extraPlugins],
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
      await emulator?.close();
    },
  };
}
