import type { ClassMapping, TerminusBackendService } from '@sqh/backend-terminus';
import { type Model, type ModelRegistry, quoteInput, ValidationError } from '@sqh/core/spi';

/**
 * One way to walk from a record of `from` to records of `to`: a relation field followed forward,
 * or, under the inverse name its declaration gives, backward.
 */
export interface Hop {
  /** The name a path uses for it. */
  readonly name: string;
  readonly from: Model;
  readonly to: Model;
  /** The stored relation field (a field of `from` when forward, of `to` when inverse). */
  readonly field: string;
  readonly inverse: boolean;
  /** The field is a TerminusDB List (a chain of rdf:List cells) rather than direct links. */
  readonly list: boolean;
}

/**
 * The graph's relations as hops between models, read from the models' declarations. Only links
 * between TerminusDB models are edges: a relation to a model stored elsewhere keeps a text id.
 */
export class RelationCatalog {
  private readonly hopsByModel = new Map<string, Map<string, Hop>>();
  private readonly modelsByClass = new Map<string, Model>();

  constructor(models: ModelRegistry, terminus: TerminusBackendService) {
    const graphModels = models.all().filter((model) => model.storage.backend === terminus.key);
    for (const model of graphModels) {
      this.hopsByModel.set(model.key, new Map());
      this.modelsByClass.set(terminus.classMapping(model).className, model);
    }
    for (const owner of graphModels) {
      const mapping: ClassMapping = terminus.classMapping(owner);
      for (const [field, targetKey] of Object.entries(owner.relations)) {
        const property = mapping.property(field);
        const target = models.getByKey(targetKey);
        if (property?.range.kind !== 'link') continue;
        const list = property.family === 'list';
        this.add({ name: field, from: owner, to: target, field, inverse: false, list });
        const inverse = owner.relationInverses[field];
        if (inverse !== undefined)
          this.add({ name: inverse, from: target, to: owner, field, inverse: true, list });
      }
    }
  }

  /** Every hop leaving records of `model`. */
  hopsFrom(model: Model): readonly Hop[] {
    return [...(this.hopsByModel.get(model.key)?.values() ?? [])];
  }

  /** The hop `name` from `model`, or undefined. */
  find(model: Model, name: string): Hop | undefined {
    return this.hopsByModel.get(model.key)?.get(name);
  }

  /** The hop `name` from `model`; a ValidationError naming what the model offers instead. */
  require(model: Model, name: string, path: readonly (string | number)[]): Hop {
    const hop = this.find(model, name);
    if (hop) return hop;
    const offered = this.hopsFrom(model).map((candidate) => candidate.name);
    const hint =
      offered.length === 0
        ? `${model.key} has no graph relations`
        : `${model.key} offers: ${offered.join(', ')}`;
    throw new ValidationError(`${quoteInput(name)} is not a relation of ${model.key} (${hint})`, [
      {
        path: [...path],
        message: `unknown relation ${quoteInput(name)}; declare it in defineModel relations, or an inverse with { model, inverse }`,
      },
    ]);
  }

  /** True when the model's records live in TerminusDB (and so can be graph nodes). */
  isGraphModel(model: Model): boolean {
    return this.hopsByModel.has(model.key);
  }

  /** The models whose records are graph nodes. */
  graphModels(): Model[] {
    return [...this.modelsByClass.values()];
  }

  /** The model whose documents have this class. */
  modelOfClass(className: string): Model | undefined {
    return this.modelsByClass.get(className);
  }

  private add(hop: Hop): void {
    this.hopsByModel.get(hop.from.key)?.set(hop.name, hop);
  }
}
