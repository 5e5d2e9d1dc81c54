import { randomUUID } from 'node:crypto';
import { GLOBAL_PREFIXES } from './iri-context.js';
import type { JsonObject, JsonValue } from './json-types.js';

/** The `api:status` values of the server and the HTTP status each one maps to. */
export type ApiStatus =
  | 'api:failure'
  | 'api:unauthorized'
  | 'api:forbidden'
  | 'api:not_found'
  | 'api:conflict'
  | 'api:server_error';

const HTTP_STATUS: Record<ApiStatus, number> = {
  'api:failure': 400,
  'api:unauthorized': 401,
  'api:forbidden': 403,
  'api:not_found': 404,
  'api:conflict': 409,
  'api:server_error': 500,
};

/**
 * An error the server reports as JSON. The body's outer `@type` depends on the endpoint
 * (`api:InsertDocumentErrorResponse`, `api:WoqlErrorResponse`, ...), so it is chosen when the
 * error is written, unless the error fixes it itself (authentication errors do).
 */
export class ApiError extends Error {
  constructor(
    readonly status: ApiStatus,
    readonly error: JsonObject,
    message: string,
    readonly fixedResponseType?: string,
    readonly httpStatusOverride?: number,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return this.httpStatusOverride ?? HTTP_STATUS[this.status];
  }

  /** Every error body carries a fresh `api:request_id` (server v12.0.0 and later). */
  toBody(responseType: string): JsonObject {
    return {
      '@type': this.fixedResponseType ?? responseType,
      'api:status': this.status,
      'api:error': this.error,
      'api:message': this.message,
      'api:request_id': requestId(),
    };
  }
}

function failure(error: JsonObject, message: string): ApiError {
  return new ApiError('api:failure', error, message);
}

function notFound(error: JsonObject, message: string): ApiError {
  return new ApiError('api:not_found', error, message);
}

/** Constructors for every error the emulator reports; shapes follow the server's api_error.pl. */
export const apiErrors = {
  incorrectAuthentication: () =>
    new ApiError(
      'api:failure',
      { '@type': 'api:IncorrectAuthenticationError' },
      'Incorrect authentication information',
      'api:ErrorResponse',
      401,
    ),
  missingParameter: (parameter: string) =>
    failure(
      { '@type': 'api:MissingParameter', 'api:parameter': parameter },
      `Missing parameter: ${parameter}`,
    ),
  badParameterType: (parameter: string, expectedType: string, value: JsonValue) =>
    failure(
      {
        '@type': 'api:BadParameterType',
        'api:parameter': parameter,
        'api:expected_type': expectedType,
        'api:value': value,
      },
      `Expected parameter '${parameter}' of type '${expectedType}' but found: ${JSON.stringify(value)}`,
    ),
  invalidJson: () => failure({ '@type': 'api:JSONInvalid' }, 'Submitted JSON data is invalid'),
  databaseAlreadyExists: (organization: string, database: string) =>
    failure(
      {
        '@type': 'api:DatabaseAlreadyExists',
        'api:database_name': database,
        'api:organization_name': organization,
      },
      'Database already exists.',
    ),
  invalidDatabaseName: (name: string) =>
    failure(
      { '@type': 'api:InvalidDatabaseName', 'api:database_name': name },
      `Invalid database name: ${JSON.stringify(name)}`,
    ),
  noContextFoundInSchema: () =>
    failure({ '@type': 'api:NoContextFoundInSchema' }, 'No context found in schema submission'),
  unknownDatabase: (organization: string, database: string) =>
    notFound(
      {
        '@type': 'api:UnknownDatabase',
        'api:database_name': database,
        'api:organization_name': organization,
      },
      `Unknown database: ${organization}/${database}`,
    ),
  unresolvableDescriptor: (descriptor: string) =>
    notFound(
      { '@type': 'api:UnresolvableAbsoluteDescriptor', 'api:absolute_descriptor': descriptor },
      `The following descriptor could not be resolved to a resource: ${JSON.stringify(descriptor)}`,
    ),
  badDescriptorPath: (descriptor: string) =>
    failure(
      { '@type': 'api:BadDescriptorPath', 'api:descriptor': descriptor },
      `Bad descriptor path: ${descriptor}`,
    ),
  documentNotFound: (id: string, document?: JsonObject) =>
    notFound(
      document === undefined
        ? { '@type': 'api:DocumentNotFound', 'api:document_id': id }
        : { '@type': 'api:DocumentNotFound', 'api:document_id': id, 'api:document': document },
      `Document not found: ${id}`,
    ),
  documentIdAlreadyExists: (id: string, document: JsonObject) =>
    failure(
      { '@type': 'api:DocumentIdAlreadyExists', 'api:document_id': id, 'api:document': document },
      `Tried to insert a new document with id "${id}", but an object with that id already exists`,
    ),
  sameIdsInOneTransaction: (ids: string[]) =>
    failure(
      { '@type': 'api:SameDocumentIdsMutatedInOneTransaction', 'api:duplicate_ids': ids },
      'Tried to mutate document with same id multiple times',
    ),
  schemaCheckFailure: (witnesses: JsonValue[]) =>
    failure({ '@type': 'api:SchemaCheckFailure', 'api:witnesses': witnesses }, 'Schema check failure'),
  missingField: (field: string, document: JsonValue) =>
    failure(
      { '@type': 'api:MissingField', 'api:field': field, 'api:document': document },
      `Missing '${field}' field in submitted document.`,
    ),
  typeNotFound: (type: string, document: JsonValue) =>
    failure(
      { '@type': 'api:TypeNotFound', 'api:type': type, 'api:document': document },
      `Type in submitted document not found in the schema: ${JSON.stringify(type)}`,
    ),
  submittedIdWithoutExpectedPrefix: (submittedId: string, prefix: string, document: JsonValue) =>
    failure(
      {
        '@type': 'api:SubmittedDocumentIdDoesNotHaveExpectedPrefix',
        'api:submitted_id': submittedId,
        'api:prefix': prefix,
        'api:document': document,
      },
      `Document id ${JSON.stringify(submittedId)} does not have expected prefix ${JSON.stringify(prefix)}`,
    ),
  submittedIdDoesNotMatchGeneratedId: (submittedId: string, generatedId: string, document: JsonValue) =>
    failure(
      {
        '@type': 'api:SubmittedIdDoesNotMatchGeneratedId',
        'api:submitted_id': submittedId,
        'api:generated_id': generatedId,
        'api:document': document,
      },
      `Document was submitted with id ${JSON.stringify(submittedId)}, but id ${JSON.stringify(generatedId)} was generated`,
    ),
  insertedSubdocumentAsDocument: (document: JsonValue) =>
    failure(
      { '@type': 'api:InsertedSubdocumentAsDocument', 'api:document': document },
      'Tried to insert a subdocument as a document without specifying backlinks.',
    ),
  insertingContext: (document: JsonValue) =>
    failure(
      { '@type': 'api:InsertingContext', 'api:document': document },
      "Inserting contexts is not allowed without using a 'full replace'.",
    ),
  missingTargets: () => failure({ '@type': 'api:MissingTargets' }, 'Missing target(s) for deletion'),
  badDataVersion: (dataVersion: string) =>
    failure(
      { '@type': 'api:BadDataVersion', 'api:data_version': dataVersion },
      `Bad data version: ${dataVersion}`,
    ),
  dataVersionMismatch: (requested: string, actual: string) =>
    failure(
      {
        '@type': 'api:DataVersionMismatch',
        'api:requested_data_version': requested,
        'api:actual_data_version': actual,
      },
      'Requested data version in header does not match actual data version.',
    ),
  queryError: (type: string, message: string) => failure({ '@type': type }, message),
  woqlSyntaxError: (query: JsonValue, path: JsonValue[], message: string) =>
    failure({ '@type': 'vio:WOQLSyntaxError', 'vio:path': path, 'vio:query': query }, message),
  /** No order of the query's parts binds what each needs; `api:error_vars` is the emulator's addition. */
  noViableMode: (variables: string[]) =>
    failure(
      { '@type': 'api:NoViableMode', 'api:error_vars': variables },
      `No viable mode for the query: these variables must be bound first: ${JSON.stringify(variables)}`,
    ),
  unexpectedBooleanValue: (value: boolean, expectedType: string) =>
    failure(
      { '@type': 'api:UnexpectedBooleanValue', 'api:value': value, 'api:expected_type': expectedType },
      `Unexpected boolean value ${String(value)} for a field of type ${expectedType}`,
    ),
  /** `api:type` is the full type IRI (`http://www.w3.org/2001/XMLSchema#integer`), as on the server. */
  badCast: (value: JsonValue, type: string) =>
    failure(
      { '@type': 'api:BadCast', 'api:value': String(value), 'api:type': expandPrefixed(type) },
      `The value ${String(value)} could not be cast as ${JSON.stringify(expandPrefixed(type))}`,
    ),
  /**
   * The server answers a numeric comparison across the rational (integer, decimal) and the
   * IEEE 754 (float, double) families with a structured `IncompatibleNumericComparison`; the
   * detail fields here are the emulator's.
   */
  incompatibleNumericComparison: (left: string, right: string) =>
    failure(
      { '@type': 'api:IncompatibleNumericComparison', 'api:left': left, 'api:right': right },
      `Cannot compare ${left} with ${right}: rational and floating point numbers are different families`,
    ),
  notSupportedByEmulator: (what: string) =>
    failure(
      { '@type': 'api:NotSupportedByEmulator', 'api:feature': what },
      `The TerminusDB emulator does not support ${what}. It is test tooling, not TerminusDB.`,
    ),
  routeNotFound: (method: string, path: string) =>
    new ApiError(
      'api:not_found',
      { '@type': 'api:NoSuchEndpoint', 'api:path': path },
      `The TerminusDB emulator has no endpoint ${method} ${path}`,
      'api:ErrorResponse',
    ),
};

/** A WOQL term the server's compiler rejects (unknown prefix, bad variable name, ...). */
export function woqlTermError(term: string): ApiError {
  return new ApiError(
    'api:failure',
    { '@type': 'api:WOQLSyntaxError', 'api:error_term': term },
    `Unknown syntax error in WOQL: ${term}`,
  );
}

/** `xsd:integer` → `http://www.w3.org/2001/XMLSchema#integer`; other text is kept. */
function expandPrefixed(name: string): string {
  const colon = name.indexOf(':');
  const expansion = colon > 0 ? GLOBAL_PREFIXES[name.slice(0, colon)] : undefined;
  return expansion === undefined ? name : expansion + name.slice(colon + 1);
}

export function requestId(): string {
  return `urn:uuid:${randomUUID()}`;
}
