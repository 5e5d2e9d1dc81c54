import { WOQL } from 'terminusdb';

/** A query built with the `terminusdb` package's WOQL builder. */
export type WoqlQuery = ReturnType<typeof WOQL.true>;

/** The builder's spelling of a variable. */
export const v = (name: string): string => `v:${name}`;

/**
 * A conjunction; no goals is `True`. The builder's `and()` with no arguments emits `{}`, which
 * no server accepts as WOQL.
 */
export function all(goals: readonly WoqlQuery[]): WoqlQuery {
  return goals.length === 0 ? WOQL.true() : WOQL.and(...goals);
}

/** A disjunction; no goals fails (`Not True`: the builder has no `false`). */
export function any(goals: readonly WoqlQuery[]): WoqlQuery {
  return goals.length === 0 ? WOQL.not(WOQL.true()) : WOQL.or(...goals);
}

/** Lifts WOQL JSON-LD built elsewhere (backend-terminus' filter compiler) into the builder. */
export function fromJson(json: object): WoqlQuery {
  return WOQL.json(json) as WoqlQuery;
}

/** The JSON-LD of a built query. */
export function toJson(query: WoqlQuery): Record<string, unknown> {
  return query.json() as Record<string, unknown>;
}

export { WOQL };
