import { isJsonObject, type JsonValue } from './json-value.js';

/**
 * A non-2xx answer from TerminusDB. `errorType` is the `api:error` `@type`
 * (`api:DocumentNotFound`, ...); some overload errors arrive without one, so it
 * may be undefined. The body is kept for logs; messages built from this error
 * never include it.
 */
export class TerminusApiError extends Error {
  readonly status: number;
  readonly errorType: string | undefined;
  readonly body: JsonValue | undefined;

  constructor(status: number, body: JsonValue | undefined) {
    const errorType = errorTypeOf(body);
    super(`TerminusDB answered HTTP ${status}${errorType ? ` (${errorType})` : ''}`);
    this.name = 'TerminusApiError';
    this.status = status;
    this.errorType = errorType;
    this.body = body;
  }

  /** A string detail of the `api:error` object, e.g. `api:document_id`. */
  detail(name: string): string | undefined {
    const error = isJsonObject(this.body) ? this.body['api:error'] : undefined;
    const value = isJsonObject(error) ? error[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  /** Any detail of the `api:error` object (`api:value` may be a boolean). */
  value(name: string): JsonValue | undefined {
    const error = isJsonObject(this.body) ? this.body['api:error'] : undefined;
    return isJsonObject(error) ? error[name] : undefined;
  }

  /** A list detail of the `api:error` object, e.g. `api:duplicate_ids`. */
  list(name: string): readonly string[] {
    const value = this.value(name);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  /** The `api:witnesses` of a schema check failure (empty for other errors). */
  witnesses(): readonly JsonValue[] {
    const error = isJsonObject(this.body) ? this.body['api:error'] : undefined;
    const witnesses = isJsonObject(error) ? error['api:witnesses'] : undefined;
    return Array.isArray(witnesses) ? witnesses : witnesses === undefined ? [] : [witnesses];
  }
}

/** The server could not be reached at all (refused, reset, DNS). */
export class TerminusUnreachableError extends Error {
  constructor(
    readonly origin: string,
    readonly reason: string,
    options: { cause: unknown },
  ) {
    super(`TerminusDB at ${origin} cannot be reached (${reason})`, options);
    this.name = 'TerminusUnreachableError';
  }
}

/** A successful answer whose body is not what the API documents. */
export class TerminusProtocolError extends Error {
  constructor(expected: string) {
    super(`TerminusDB sent a response that is not ${expected}`);
    this.name = 'TerminusProtocolError';
  }
}

function errorTypeOf(body: JsonValue | undefined): string | undefined {
  if (!isJsonObject(body)) return undefined;
  const error = body['api:error'];
  const type = isJsonObject(error) ? error['@type'] : undefined;
  return typeof type === 'string' ? type : undefined;
}
