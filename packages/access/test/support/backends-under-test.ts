import { PG_BACKEND, pgBackend } from '@sqh/backend-pg';
import { TERMINUS_BACKEND, terminusBackend } from '@sqh/backend-terminus';
import { type Sqh, type SqhPlugin, StorageConfig } from '@sqh/core';
import { MEMORY_BACKEND_KEY, memoryBackend } from '@sqh/example-backend-memory';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import { resolveTerminus, type TerminusTarget } from '@sqh/terminusdb-emulator';
import { inject } from 'vitest';

/** One backend the access tests run on: its plugins, its storage, and how to drop what a test created. */
export interface BackendUnderTest {
  readonly name: string;
  readonly storage: StorageConfig;
  plugins(): Promise<readonly SqhPlugin[]>;
  dropTenant(sqh: Sqh, tenantId: string): Promise<void>;
  /** Stops what `plugins` started (the emulator). */
  stop(): Promise<void>;
}

export function memoryUnderTest(): BackendUnderTest {
  return {
    name: 'memory',
    storage: StorageConfig.custom(MEMORY_BACKEND_KEY),
    plugins: async () => [memoryBackend()],
    dropTenant: async () => undefined,
    stop: async () => undefined,
  };
}

/** Real PostgreSQL: SQH_PG_URL, or the server the global setup started. */
export function postgresUnderTest(): BackendUnderTest {
  return {
    name: 'postgresql',
    storage: StorageConfig.postgresql(),
    plugins: async () => [pgBackend({ url: inject('pgUrl') })],
    dropTenant: (sqh, tenantId) => sqh.get(PG_BACKEND).manager.dropDatabase(tenantId),
    stop: async () => undefined,
  };
}

/** TerminusDB at TERMINUSDB_URL, else the in-process emulator. */
export function terminusUnderTest(): BackendUnderTest {
  let terminus: TerminusTarget | undefined;
  return {
    name: 'terminusdb',
    storage: StorageConfig.terminusdb(),
    async plugins() {
      terminus = await resolveTerminus();
      const { url, user, key, organization } = terminus;
      return [terminusBackend({ url, user, key, organization })];
    },
    dropTenant: (sqh, tenantId) => sqh.get(TERMINUS_BACKEND).dropTenant(tenantId),
    async stop() {
      await terminus?.stop();
      terminus = undefined;
    },
  };
}

export const BACKENDS_UNDER_TEST = [memoryUnderTest, postgresUnderTest, terminusUnderTest] as const;
