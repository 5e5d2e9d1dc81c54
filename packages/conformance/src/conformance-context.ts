import { randomUUID } from 'node:crypto';
import { createSqh, type Sqh, type TenantOptions } from '@sqh/core';
import type { BackendCapabilities, Model } from '@sqh/core/spi';
import { CallHold } from './call-hold.js';
import { type Capability, CapabilityReport } from './capability-report.js';
import {
  type ConformanceModels,
  defineConformanceModels,
  definePartitionedEvent,
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
  /** A model partitioned by its date field `at`, when the backend partitions. */
  readonly partitionedEvent?: Model;
  /** Keeps a create of `models.heldNote` in flight until released. */
  readonly hold: CallHold;
  /** `sqh.records` bound to one model in one tenant (`main` unless given; null for shared models). */
  client(model: Model, tenantId?: string | null): ModelClient;
  /** The suite's sqh instance. */
  sqh(): Sqh;
  /** A further tenant id unique to this run; deprovisioned when the suite ends. */
  tenant(label: string): string;
  /** Another sqh over fresh plugins of the backend under test (closed when the suite ends). */
  compose(tenants: TenantOptions): Promise<Sqh>;
  /** Another sqh over fresh plugins that the caller closes: the backend "closed and opened again". */
  open(): Promise<Sqh>;
  /** What the backend under test declares. */
  capabilities(): BackendCapabilities;
  /** Skips the running case (and reports it) unless the backend declares `capability`. */
  requires(capability: Capability, test: SkippableTest): void;
}

/** The part of vitest's test context the suite uses (the same in vitest 3 and 4). */
export interface SkippableTest {
  skip(note?: string): void;
}

export interface ConformanceLifecycle {
  readonly context: ConformanceContext;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

export function createConformanceLifecycle(options: ConformanceOptions): ConformanceLifecycle {
  const run = randomUUID().slice(0, 8);
  const tenants = { main: `conf-${run}-a`, other: `conf-${run}-b` };
  const used = new Set<string>(Object.values(tenants));
  const hold = new CallHold();
  const models = defineConformanceModels(options.storage(), hold);
  const extra: Sqh[] = [];
  const sharedTable = `conf_${run}_station`;
  const sharedStation =
    options.sharedReference && defineSharedStation(options.sharedReference.storage(sharedTable));
  const partitionedEvent =
    options.partitionedStorage && definePartitionedEvent(options.partitionedStorage('at'));
  let sqh: Sqh | undefined;

  const compose = async (tenantOptions: TenantOptions = {}) => {
    const plugins = [...(await options.plugins()), ownerScopePlugin(models.scopedDoc, models.guardedDoc)];
    return createSqh({
      plugins,
      models: [
        ...Object.values(models),
        ...(sharedStation ? [sharedStation] : []),
        ...(partitionedEvent ? [partitionedEvent] : []),
      ],
      tenants: tenantOptions,
    });
  };
  const report = new CapabilityReport();
  const capabilities = (): BackendCapabilities => {
    const [backend] = current().backends.all();
    if (!backend) throw new Error('The conformance suite composed no backend.');
    return backend.capabilities;
  };
  const current = () => {
    if (!sqh) throw new Error('The conformance suite is not set up yet: use the context inside tests.');
    return sqh;
  };

  const context: ConformanceContext = {
    models,
    tenants,
    ...(sharedStation ? { sharedStation } : {}),
    ...(partitionedEvent ? { partitionedEvent } : {}),
    hold,
    client: (model, tenantId = tenants.main) => bindModel(current().records, tenantId, model),
    sqh: current,
    tenant(label) {
      const tenantId = `conf-${run}-${label}`;
      used.add(tenantId);
      return tenantId;
    },
    async compose(tenantOptions) {
      const composed = await compose(tenantOptions);
      extra.push(composed);
      return composed;
    },
    open: () => compose(),
    capabilities,
    requires(capability, test) {
      const declared = capabilities()[capability];
      report.note(capability, declared);
      if (!declared) test.skip(`the backend does not declare the ${capability} capability`);
    },
  };

  return {
    context,
    async setUp() {
      sqh = await compose();
    },
    async tearDown() {
      if (sqh) console.log(report.render(options.name, capabilities()));
      // Through the lifecycle under test: a backend without it keeps nothing to drop, or reports it untouched.
      try {
        for (const tenantId of used) await sqh?.tenants.deprovision(tenantId, { confirm: tenantId });
      } finally {
        await Promise.all([...extra.splice(0), ...(sqh ? [sqh] : [])].map((instance) => instance.close()));
        sqh = undefined;
        if (sharedStation) await options.sharedReference?.dropTable(sharedTable);
      }
    },
  };
}
