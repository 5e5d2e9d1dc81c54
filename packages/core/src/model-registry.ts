import { ConfigurationError, NotFoundError } from './errors.js';
import type { Model } from './model.js';
import { quoteInput } from './quoted-input.js';

/** The epic's loader: resolves `(groupSlug, modelName)` to a declared model. */
export class ModelRegistry {
  private readonly models = new Map<string, Model>();
  private readonly groups = new Set<string>();

  register(model: Model): void {
    if (this.models.has(model.key)) {
      throw new ConfigurationError(`Model ${model.key} is registered twice.`);
    }
    this.models.set(model.key, model);
    this.groups.add(model.group);
  }

  get(groupSlug: string, modelName: string): Model {
    const model = this.models.get(`${groupSlug}/${modelName}`);
    if (model) return model;
    if (!this.groups.has(groupSlug)) {
      throw new NotFoundError(
        `Unknown group ${quoteInput(groupSlug)} (looking for model ${quoteInput(modelName)}). Known groups: ${this.describeGroups()}.`,
      );
    }
    throw new NotFoundError(
      `Unknown model ${quoteInput(modelName)} in group '${groupSlug}'. Models of '${groupSlug}': ${this.describeModels(groupSlug)}.`,
    );
  }

  /** Resolves a `group/Model` key, as written in relations. */
  getByKey(key: string): Model {
    const slash = key.indexOf('/');
    return this.get(key.slice(0, slash), key.slice(slash + 1));
  }

  has(groupSlug: string, modelName: string): boolean {
    return this.models.has(`${groupSlug}/${modelName}`);
  }

  all(): readonly Model[] {
    return [...this.models.values()];
  }

  private describeGroups(): string {
    return this.groups.size === 0 ? 'none' : [...this.groups].sort().join(', ');
  }

  private describeModels(groupSlug: string): string {
    return [...this.models.values()]
      .filter((model) => model.group === groupSlug)
      .map((model) => model.name)
      .sort()
      .join(', ');
  }
}
