import { filterToWoql, type TerminusBackendService, VariableNames } from '@sqh/backend-terminus';
import type { FilterNode, Model } from '@sqh/core/spi';
import type { Hop } from './graph-relations.js';
import type { ReadVisibility } from './read-scopes.js';
import { all, fromJson, v, WOQL, type WoqlQuery } from './woql.js';

/**
 * Builds the goals of one graph query: hops between two node variables, and the test that a
 * node is a record of a model the caller may see. One instance per query, so the variables the
 * filter compiler invents never collide.
 */
export class GraphGoals {
  private readonly names = new VariableNames();

  constructor(
    private readonly terminus: TerminusBackendService,
    private readonly visibility: ReadonlyMap<string, ReadVisibility>,
  ) {}

  /** True when the caller may see at least some records of the model. */
  canSee(model: Model): boolean {
    const seen = this.visibility.get(model.key);
    return seen !== undefined && seen.kind !== 'none';
  }

  /** The TerminusDB class of a model's documents. */
  className(model: Model): string {
    return this.terminus.classMapping(model).className;
  }

  /** `to` is reached from `from` by the hop (a List field walks its rdf:List cells). */
  hop(hop: Hop, from: string, to: string): WoqlQuery {
    if (!hop.list) {
      return hop.inverse ? WOQL.triple(v(to), hop.field, v(from)) : WOQL.triple(v(from), hop.field, v(to));
    }
    const pattern = hop.inverse
      ? `<rdf:first,(<rdf:rest)*,<${hop.field}`
      : `${hop.field},rdf:rest*,rdf:first`;
    return WOQL.path(v(from), pattern, v(to));
  }

  /**
   * `variable` is a record of `model` the caller may read (and that matches `filter`). Callers
   * check canSee first: a model the caller may not read has no visible records.
   */
  node(model: Model, variable: string, filter?: FilterNode): WoqlQuery {
    const seen = this.visibility.get(model.key);
    if (seen === undefined || seen.kind === 'none') return WOQL.not(WOQL.true());
    const mapping = this.terminus.classMapping(model);
    const goals: WoqlQuery[] = [WOQL.triple(v(variable), 'rdf:type', `@schema:${mapping.className}`)];
    for (const condition of [seen.kind === 'where' ? seen.filter : undefined, filter]) {
      if (condition) goals.push(fromJson(filterToWoql(condition, mapping, variable, this.names)));
    }
    return all(goals);
  }
}
