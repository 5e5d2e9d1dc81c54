import { type FilterNode, type FilterValue, ID_FIELD } from '@sqh/core/spi';
import type { ClassMapping } from './class-mapping.js';
import { encodeScalar } from './document-codec.js';
import { documentIdFor } from './document-id.js';
import type { JsonObject, JsonValue } from './json-value.js';

/**
 * Compiles the part of the Filter AST that TerminusDB's query-by-template
 * language can express: equality on the id or a single-valued field, one-of
 * (`in`, `or`) and conjunction. Returns undefined for anything else (ranges,
 * negation, null checks, text, arrays, JSON fields), which then goes to WOQL.
 *
 * `@one-of` and `@all` are used at document level only, the one place the
 * server accepts them for every property type.
 */
export function filterToTemplate(filter: FilterNode, mapping: ClassMapping): JsonObject | undefined {
  const compile = (current: FilterNode): JsonObject | undefined => {
    switch (current.kind) {
      case 'and':
        return allOf(current.nodes.map(compile));
      case 'or':
        return oneOf(current.nodes.map(compile));
      case 'compare':
        return current.op === 'eq' ? equality(current.field, current.value) : undefined;
      case 'in':
        return current.negate
          ? undefined
          : oneOf(current.values.map((value) => equality(current.field, value)));
      default:
        return undefined;
    }
  };

  const equality = (field: string, value: FilterValue): JsonObject | undefined => {
    if (field === ID_FIELD) return { '@id': documentIdFor(mapping.className, String(value)) };
    const property = mapping.property(field);
    if (!property || property.jsonText || (property.family !== 'required' && property.family !== 'optional'))
      return undefined;
    return { [property.predicate]: encodeScalar(property.range, value) };
  };

  return compile(filter);
}

/** A conjunction: merged into one template when the keys do not overlap, else `@all`. */
function allOf(parts: readonly (JsonObject | undefined)[]): JsonObject | undefined {
  if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
  const templates = parts as readonly JsonObject[];
  const keys = templates.flatMap((template) => Object.keys(template));
  const mergeable =
    !keys.some((key) => key.startsWith('@') && key !== '@id') && new Set(keys).size === keys.length;
  return mergeable ? Object.assign({}, ...templates) : { '@all': templates as JsonValue };
}

function oneOf(parts: readonly (JsonObject | undefined)[]): JsonObject | undefined {
  if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
  return parts.length === 1 ? parts[0] : { '@one-of': parts as readonly JsonValue[] };
}
