import type { AccessContext, Sqh } from '@sqh/core';
import { ACCESS_SERVICE, type Model } from '@sqh/core/spi';
import { z } from 'zod';

/** A model the configured caller may read, as a tool sees it. */
export interface VisibleModel {
  /** `group/Model`, the name tools take. */
  readonly key: string;
  readonly model: Model;
  /** True when the access policy shows the caller only some records of the model. */
  readonly scoped: boolean;
}

/**
 * The models the caller may read in this tenant, decided once by the composition's
 * access gate (a model the caller may not read is not even named to the model).
 */
export async function visibleModels(
  sqh: Sqh,
  tenantId: string,
  access: AccessContext,
): Promise<VisibleModel[]> {
  const gate = sqh.get(ACCESS_SERVICE);
  const visible: VisibleModel[] = [];
  for (const model of sqh.models.all()) {
    const decision = await gate.decide({
      model,
      operation: 'read',
      tenantId: model.storage.shared ? null : tenantId,
      access,
    });
    if (decision.effect === 'deny') continue;
    visible.push({ key: model.key, model, scoped: decision.effect === 'allowWhere' });
  }
  return visible.sort((a, b) => a.key.localeCompare(b.key));
}

/** The model a tool argument names; the argument's enum already refused names the caller cannot see. */
export function modelResolver(visible: readonly VisibleModel[]): (key: string) => Model {
  const byKey = new Map(visible.map((entry) => [entry.key, entry.model]));
  return (key) => {
    const model = byKey.get(key);
    // Unreachable through the enum; this keeps the type honest.
    if (model === undefined) throw new Error(`unknown model ${key}`);
    return model;
  };
}

/** The model's record shape as JSON Schema, derived from its zod schema (dates as ISO strings). */
function recordJsonSchema(model: Model): Record<string, unknown> {
  return z.toJSONSchema(model.schema, {
    unrepresentable: 'any',
    override: (context) => {
      if (context.zodSchema._zod.def.type === 'date') {
        context.jsonSchema.type = 'string';
        context.jsonSchema.format = 'date-time';
      }
    },
  }) as Record<string, unknown>;
}

/** One entry of describe_models. */
export function describeModel(entry: VisibleModel): Record<string, unknown> {
  const { model } = entry;
  return {
    model: entry.key,
    store: model.storage.backend,
    shared: model.storage.shared === true,
    visibility: entry.scoped ? 'only the records your access policy allows' : 'every record',
    fields: recordJsonSchema(model),
    relations: model.relations,
  };
}
