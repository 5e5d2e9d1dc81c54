import { ConfigurationError, type Model } from '@sqh/core/spi';
import { type ClassMapping, type ModelLookup, mapModel } from './class-mapping.js';

/**
 * The classes of the models one backend serves: each model's mapping is built
 * once, no two models share a class name, and a class comes with the classes
 * it links to (a link needs its target class in the same schema).
 */
export class ClassCatalog {
  private readonly mappings = new WeakMap<Model, ClassMapping>();
  private readonly registered = new Map<string, Model>();
  private readonly classOwners = new Map<string, string>();
  private readonly lookup: ModelLookup;

  /** @param lookup finds relation targets by `group/Model` key; registered models are always found. */
  constructor(lookup?: ModelLookup) {
    this.lookup = (key) => lookup?.(key) ?? this.registered.get(key);
  }

  /** Checks a model at composition time; refuses a class name another model already has. */
  register(model: Model): void {
    this.registered.set(model.key, model);
    const { className } = this.mappingOf(model);
    const owner = this.classOwners.get(className);
    if (owner !== undefined && owner !== model.key) {
      throw new ConfigurationError(
        `${model.key} and ${owner} would share the TerminusDB class ${className}; give one of them a tableName.`,
      );
    }
    this.classOwners.set(className, model.key);
  }

  mappingOf(model: Model): ClassMapping {
    let mapping = this.mappings.get(model);
    if (!mapping) {
      mapping = mapModel(model, this.lookup);
      this.mappings.set(model, mapping);
    }
    return mapping;
  }

  /** The mapping and those of every class it links to, directly or not. */
  withLinkedClasses(mapping: ClassMapping): ClassMapping[] {
    const found = new Map<string, ClassMapping>([[mapping.model.key, mapping]]);
    const queue = [mapping];
    for (let current = queue.shift(); current; current = queue.shift()) {
      for (const target of current.linkedModels) {
        if (found.has(target.key)) continue;
        const linked = this.mappingOf(target);
        found.set(target.key, linked);
        queue.push(linked);
      }
    }
    return [...found.values()];
  }
}
