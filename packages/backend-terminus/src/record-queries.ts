import { type FilterNode, ID_FIELD, type OrderSpec } from '@sqh/core/spi';
import { type ClassMapping, type PropertyMapping, rangeTypeOf } from './class-mapping.js';
import { filterToWoql } from './filter-to-woql.js';
import { containsIgnoringCase } from './regex-text.js';
import { literal, node, VariableNames, variable, WOQL, type Woql, type WoqlTerm } from './woql-builder.js';

/** Variable names the results are read from. */
export const RESULT_DOCUMENT = 'document';
export const RESULT_COUNT = 'count';
const SUBJECT = 'subject';

/**
 * The WOQL for each read and conditional write of the record service. Each
 * is a single request: matching, ordering, paging and reading the documents
 * happen on the server.
 */
export const RecordQueries = {
  /** One page of matching documents, in core's order (nulls last ascending, then id). */
  list(
    mapping: ClassMapping,
    query: { filter?: FilterNode; orderBy: readonly OrderSpec[]; limit: number; skip: number },
  ): Woql {
    const names = new VariableNames();
    const keys = [...query.orderBy, { field: ID_FIELD, direction: 'asc' as const }].map((spec) =>
      sortKey(mapping, spec, names),
    );
    const ordered = WOQL.orderBy(
      keys.flatMap((key) => key.ordering),
      WOQL.and(matching(mapping, filterGoals(mapping, query.filter, names)), ...keys.map((key) => key.goal)),
    );
    const page = WOQL.limit(query.limit, query.skip > 0 ? WOQL.start(query.skip, ordered) : ordered);
    return WOQL.select(
      [RESULT_DOCUMENT],
      WOQL.and(page, WOQL.readDocument(variable(SUBJECT), variable(RESULT_DOCUMENT))),
    );
  },

  count(mapping: ClassMapping, filter: FilterNode | undefined): Woql {
    return WOQL.count(RESULT_COUNT, matching(mapping, filterGoals(mapping, filter, new VariableNames())));
  },

  /**
   * Documents where any of `fields` contains `text`, ignoring case, in id order.
   * Relation fields hold document ids, not text, and are not searched.
   */
  search(
    mapping: ClassMapping,
    query: { text: string; fields: readonly string[]; filter?: FilterNode; limit: number },
  ): Woql {
    const names = new VariableNames();
    const pattern = containsIgnoringCase(query.text);
    const searched = query.fields.flatMap((field) => {
      const property = mapping.property(field);
      return property && property.range.kind !== 'link' ? [property.predicate] : [];
    });
    const containsText = searched.map((predicate) => {
      const value = variable(names.fresh('v'));
      return WOQL.and(
        WOQL.triple(variable(SUBJECT), predicate, value),
        WOQL.regexp(pattern, value, variable(names.fresh('m'))),
      );
    });
    const anyField = containsText.length === 0 ? WOQL.false() : WOQL.or(...containsText);
    const matched = matching(mapping, [anyField, ...filterGoals(mapping, query.filter, names)]);
    const byId = sortKey(mapping, { field: ID_FIELD, direction: 'asc' }, names);
    const page = WOQL.limit(query.limit, WOQL.orderBy(byId.ordering, WOQL.and(matched, byId.goal)));
    return WOQL.select(
      [RESULT_DOCUMENT],
      WOQL.and(page, WOQL.readDocument(variable(SUBJECT), variable(RESULT_DOCUMENT))),
    );
  },

  /** The document with this id, if it exists and matches `filter` (the access scope). */
  readById(mapping: ClassMapping, documentId: string, filter: FilterNode | undefined): Woql {
    return WOQL.select(
      [RESULT_DOCUMENT],
      WOQL.and(
        WOQL.limit(1, byId(mapping, documentId, filter)),
        WOQL.readDocument(variable(SUBJECT), variable(RESULT_DOCUMENT)),
      ),
    );
  },

  /** Deletes the document with this id only if it exists and matches `filter`. */
  deleteById(mapping: ClassMapping, documentId: string, filter: FilterNode | undefined): Woql {
    return WOQL.and(WOQL.limit(1, byId(mapping, documentId, filter)), WOQL.deleteDocument(variable(SUBJECT)));
  },
} as const;

/** Each document of the class that meets every goal, exactly once (an `or` could match it twice). */
function matching(mapping: ClassMapping, goals: readonly Woql[]): Woql {
  const ofClass = isOfClass(mapping);
  return goals.length === 0 ? ofClass : WOQL.distinct([SUBJECT], WOQL.and(ofClass, ...goals));
}

/**
 * The subject's `rdf:type` triple: enumerates the class's documents through the
 * object index (IsA with an unbound subject would look at every document).
 */
function isOfClass(mapping: ClassMapping): Woql {
  return WOQL.triple(variable(SUBJECT), 'rdf:type', node(`@schema:${mapping.className}`));
}

function filterGoals(mapping: ClassMapping, filter: FilterNode | undefined, names: VariableNames): Woql[] {
  return filter ? [filterToWoql(filter, mapping, SUBJECT, names)] : [];
}

function byId(mapping: ClassMapping, documentId: string, filter: FilterNode | undefined): Woql {
  return WOQL.and(
    WOQL.equals(variable(SUBJECT), node(documentId)),
    isOfClass(mapping),
    ...filterGoals(mapping, filter, new VariableNames()),
  );
}

interface SortKey {
  readonly goal: Woql;
  readonly ordering: readonly { readonly variable: string; readonly order: 'asc' | 'desc' }[];
}

/**
 * Binds the value to order by. A field that may be missing also binds a
 * "missing" flag (0 present, 1 missing) that sorts before the value, which puts
 * missing values last ascending and first descending, as core specifies; the
 * value of a missing field is bound to a constant of the same type so that
 * missing values tie and the next key decides.
 */
function sortKey(mapping: ClassMapping, spec: OrderSpec, names: VariableNames): SortKey {
  const order = spec.direction;
  const property = mapping.property(spec.field) as PropertyMapping;
  const value = names.fresh('k');
  const present = WOQL.triple(variable(SUBJECT), property.predicate, variable(value));
  if (!property.field.optional && !property.field.nullable)
    return { goal: present, ordering: [{ variable: value, order }] };
  const missing = names.fresh('missing');
  const goal = WOQL.or(
    WOQL.and(present, WOQL.equals(variable(missing), literal('xsd:integer', 0))),
    WOQL.and(
      WOQL.not(WOQL.triple(variable(SUBJECT), property.predicate, variable(names.fresh('v')))),
      WOQL.equals(variable(value), placeholder(property)),
      WOQL.equals(variable(missing), literal('xsd:integer', 1)),
    ),
  );
  return {
    goal,
    ordering: [
      { variable: missing, order },
      { variable: value, order },
    ],
  };
}

function placeholder(property: PropertyMapping): WoqlTerm {
  if (property.range.kind === 'link') return node(`${property.range.className}/`);
  const type = rangeTypeOf(property.range);
  switch (type) {
    case 'xsd:integer':
    case 'xsd:double':
      return literal(type, 0);
    case 'xsd:boolean':
      return literal(type, false);
    case 'xsd:dateTime':
      return literal(type, '1970-01-01T00:00:00Z');
    case 'xsd:string':
      return literal(type, '');
  }
}
