import { randomUUID } from 'node:crypto';
import { createSqh, type Sqh } from '@sqh/core';
import type { Model } from '@sqh/core/spi';
import {
  type ConformanceModels,
  defineConformanceModels,
  defineSharedStation,
} from './conformance-models.js';
import type { ConformanceOptions } from './conformance-options.js';
import { bindModel, type ModelClient } from './model-client.js';
import { ownerScopePlugin } from './owner-scope-plugin.js';

/** What every case group receives. Members are usable inside tests, after the suite's beforeAll. */
export interface ConformanceContext {
  readonly models: ConformanceModels;
  /** Two tenants, unique to this run: most cases use `main`; isolation cases also use `other`. */
  readonly tenants: { readonly main: string; readonly other: string };
  /** A `shared: true` model, when the backend stores shared reference data. */
  readonly sharedStation?: Model;
  /** `sqh.records` bound to one model in one tenant (`main` unless given; null for shared models). */
  client(model: Model, tenantId?: string | null): ModelClient;
}

export interface ConformanceLifecycle {
  readonly context: ConformanceContext;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

export function createConformanceLifecycle(options: ConformanceOptions): ConformanceLifecycle {
  const run = randomUUID().slice(0, 8);
  const tenants = { main: `conf-${run}-a`, other: `conf-${run}-b` };
  const models = defineConformanceModels(options.storage());
  const sharedTable = `conf_${run}_station`;
  const sharedStation =
    options.sharedReference && defineSharedStation(options.sharedReference.storage(sharedTable));
  let sqh: Sqh | undefined;

  const context: ConformanceContext = {
    models,
    tenants,
    ...(sharedStation ? { sharedStation } : {}),
    client(model, tenantId = tenants.main) {
      if (!sqh) throw new Error('The conformance suite is not set up yet: use the context inside tests.');
      return bindModel(sqh.records, tenantId, model);
    },
  };

  return {
    context,
    async setUp() {
      const plugins = [...(await options.plugins()), ownerScopePlugin(models.scopedDoc, models.guardedDoc)];
      sqh = await createSqh({
        plugins,
        models: [...Object.values(models), ...(sharedStation ? [sharedStation] : [])],
      });
    },
    async tearDown() {
      try {
        await sqh?.close();
      } finally {
        sqh = undefined;
        for (const tenantId of Object.values(tenants)) await options.dropTenant?.(tenantId);
        if (sharedStation) await options.sharedReference?.dropTable(sharedTable);
      }
    },
  };
}
