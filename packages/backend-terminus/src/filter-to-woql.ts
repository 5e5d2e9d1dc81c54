import { type FilterNode, type FilterValue, UnsupportedError } from '@sqh/core/spi';
import { type ClassMapping, type PropertyMapping, rangeTypeOf } from './class-mapping.js';
import { encodeScalar } from './document-codec.js';
import { containsIgnoringCase, jsonArrayHasString, startsWith } from './regex-text.js';
import {
  literal,
  node,
  PathPattern,
  type VariableNames,
  variable,
  WOQL,
  type Woql,
  type WoqlTerm,
} from './woql-builder.js';

type Comparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

/**
 * Compiles a FilterNode to a WOQL goal about the document bound to `subject`,
 * with core's semantics. Every goal simply succeeds or fails for a document
 * (two-valued logic); a comparison needs the field to be present, so `ne`,
 * `nin` and `not` (WOQL `Not`, negation as failure) hold for missing values.
 * A goal may succeed more than once for one document (`or`, `in`, repeated
 * array items): callers wrap matches in `Distinct` or `Limit 1`.
 */
export function filterToWoql(
  filter: FilterNode,
  mapping: ClassMapping,
  subject: string,
  names: VariableNames,
): Woql {
  const document = variable(subject);

  const compile = (current: FilterNode): Woql => {
    switch (current.kind) {
      case 'and':
        return current.nodes.length === 0 ? WOQL.true() : WOQL.and(...current.nodes.map(compile));
      case 'or':
        return current.nodes.length === 0 ? WOQL.false() : WOQL.or(...current.nodes.map(compile));
      case 'not':
        return WOQL.not(compile(current.node));
      case 'compare':
        return compare(property(current.field), current.op, current.value);
      case 'in': {
        const target = property(current.field);
        const values = [...new Map(current.values.map((value) => [valueKey(value), value])).values()];
        const found =
          values.length === 0
            ? WOQL.false()
            : WOQL.or(...values.map((value) => compare(target, 'eq', value)));
        return current.negate ? WOQL.not(found) : found;
      }
      case 'null':
        return isNull(property(current.field), current.isNull);
      case 'has':
        return has(property(current.field), current.value);
      case 'text':
        return matches(
          textual(current.field),
          current.op === 'icontains' ? containsIgnoringCase(current.value) : startsWith(current.value),
        );
    }
  };

  const compare = (target: PropertyMapping, op: Comparison, value: FilterValue): Woql => {
    if (op === 'eq') return WOQL.triple(document, target.predicate, termFor(target, value));
    if (op === 'ne') return WOQL.not(WOQL.triple(document, target.predicate, termFor(target, value)));
    if (target.range.kind === 'link') {
      throw new UnsupportedError(
        `${mapping.model.key}: range comparisons on the relation '${target.field.name}' are not supported by TerminusDB.`,
      );
    }
    const bound = variable(names.fresh('v'));
    const operand = termFor(target, value);
    const test =
      op === 'gt'
        ? WOQL.greater(bound, operand)
        : op === 'lt'
          ? WOQL.less(bound, operand)
          : WOQL.not(op === 'gte' ? WOQL.less(bound, operand) : WOQL.greater(bound, operand));
    return WOQL.and(WOQL.triple(document, target.predicate, bound), test);
  };

  const isNull = (target: PropertyMapping, wanted: boolean): Woql => {
    // A field the schema requires is always stored (a required Set that is empty is [], not null).
    if (!target.field.optional && !target.field.nullable) return wanted ? WOQL.false() : WOQL.true();
    const present = WOQL.triple(document, target.predicate, variable(names.fresh('v')));
    return wanted ? WOQL.not(present) : present;
  };

  const has = (target: PropertyMapping, element: string): Woql => {
    if (target.jsonText) return matches(target, jsonArrayHasString(element));
    if (target.family === 'list') {
      // A List is a chain of rdf:List cells: the property points at the first cell,
      // each cell holds one item in rdf:first and the next cell in rdf:rest.
      const items = PathPattern.sequence(
        PathPattern.predicate(target.predicate),
        PathPattern.star(PathPattern.predicate('rdf:rest')),
        PathPattern.predicate('rdf:first'),
      );
      return WOQL.path(document, items, termFor(target, element));
    }
    return WOQL.triple(document, target.predicate, termFor(target, element));
  };

  const matches = (target: PropertyMapping, pattern: string): Woql => {
    const value = variable(names.fresh('v'));
    return WOQL.and(
      WOQL.triple(document, target.predicate, value),
      WOQL.regexp(pattern, value, variable(names.fresh('m'))),
    );
  };

  const property = (field: string): PropertyMapping => {
    const mapped = mapping.property(field);
    if (!mapped)
      throw new UnsupportedError(`${mapping.model.key}: no TerminusDB property for field '${field}'.`);
    return mapped;
  };

  const textual = (field: string): PropertyMapping => {
    const mapped = property(field);
    if (mapped.range.kind === 'link') {
      throw new UnsupportedError(
        `${mapping.model.key}: text operators on the relation '${field}' are not supported by TerminusDB.`,
      );
    }
    return mapped;
  };

  return compile(filter);
}

/** The WOQL operand for a value of a property: a typed literal, or a node for a link. */
function termFor(property: PropertyMapping, value: FilterValue): WoqlTerm {
  const encoded = encodeScalar(property.range, value);
  return property.range.kind === 'link'
    ? node(String(encoded))
    : literal(rangeTypeOf(property.range), encoded);
}

/** Values of one `in` are all of the field's kind, so their text tells duplicates apart. */
function valueKey(value: FilterValue): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
