import { apiErrors } from './api-errors.js';
import type { JsonObject, JsonValue } from './json-types.js';

/**
 * Request parameters, read from the query string or (for document GETs sent as POST with
 * `X-HTTP-Method-Override: GET`) from the JSON body, with the server's type errors.
 */
export class RequestParams {
  constructor(
    private readonly search: URLSearchParams,
    private readonly body: JsonObject = {},
  ) {}

  raw(name: string): JsonValue | undefined {
    const fromQuery = this.search.get(name);
    return fromQuery ?? this.body[name];
  }

  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value === '')
      throw apiErrors.badParameterType(name, 'non-empty string', value);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw apiErrors.missingParameter(name);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined || value === null) return fallback;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw apiErrors.badParameterType(name, 'boolean (true, false)', value);
  }

  nonNegativeInteger(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number >= 0) return number;
    throw apiErrors.badParameterType(name, 'non-negative integer', value);
  }

  graphType(): 'instance' | 'schema' {
    const value = this.raw('graph_type') ?? 'instance';
    if (value === 'instance' || value === 'schema') return value;
    throw apiErrors.badParameterType('graph_type', 'graph (schema, instance)', value);
  }

  /** `ids` as a JSON array in the body, or as a JSON array (or repeated values) in the query string. */
  stringList(name: string): string[] | undefined {
    const repeated = this.search.getAll(name);
    let value: JsonValue | undefined = repeated.length > 1 ? repeated : this.raw(name);
    if (typeof value === 'string' && value.startsWith('[')) {
      try {
        value = JSON.parse(value) as JsonValue;
      } catch {
        throw apiErrors.badParameterType(name, 'list of strings', value);
      }
    }
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    throw apiErrors.badParameterType(name, 'list of strings', value);
  }
}
