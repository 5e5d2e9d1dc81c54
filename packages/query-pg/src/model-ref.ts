import { type Model, type ModelRegistry, ValidationError } from '@sqh/core/spi';

/** A model named as `'group/Model'` or `['group', 'Model']`. */
export type ModelRef = string | readonly [group: string, model: string];

export function resolveModelRef(
  models: ModelRegistry,
  ref: unknown,
  path: readonly (string | number)[],
): Model {
  if (typeof ref === 'string') {
    const slash = ref.indexOf('/');
    if (slash > 0) return models.get(ref.slice(0, slash), ref.slice(slash + 1));
  } else if (
    Array.isArray(ref) &&
    ref.length === 2 &&
    typeof ref[0] === 'string' &&
    typeof ref[1] === 'string'
  ) {
    return models.get(ref[0], ref[1]);
  }
  throw new ValidationError('Invalid model reference', [
    { path, message: "expected 'group/Model' or ['group', 'Model']" },
  ]);
}
