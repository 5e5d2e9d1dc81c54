import {
  BackendUnavailableError,
  ConfigurationError,
  ConflictError,
  SqhError,
  ValidationError,
  type ValidationIssue,
} from '@sqh/core/spi';
import { recordIdOfDocument } from './document-id.js';
import { isJsonObject, type JsonValue } from './json-value.js';
import { TerminusApiError, TerminusProtocolError, TerminusUnreachableError } from './terminus-api-error.js';

/** What the failing call was doing, for messages (never credentials or query text). */
export interface FailureContext {
  /** e.g. `create on crm/AppCRMAccount`. */
  readonly action: string;
  /** A deletion refused by the schema check means the document is still linked to. */
  readonly deleting?: boolean;
  readonly origin: string;
}

/** Witness types that mean "this document is still linked from another one". */
const STILL_REFERENCED = new Set(['deleted_object_still_referenced', 'entire_object_not_deleted']);

/**
 * Turns a client failure into the core error a caller can act on. SqhErrors and
 * aborts pass through; the raw failure is kept as `cause` for logs.
 */
export function translateError(error: unknown, context: FailureContext): unknown {
  if (error instanceof TerminusUnreachableError) {
    return new BackendUnavailableError(
      `TerminusDB at ${context.origin} cannot be reached (${error.reason}) during ${context.action}; ` +
        'check TERMINUSDB_URL and that the server is running.',
      { cause: error },
    );
  }
  if (error instanceof TerminusProtocolError) {
    return new SqhError(
      'INTERNAL',
      `TerminusDB at ${context.origin} sent an unexpected response during ${context.action}.`,
      {
        cause: error,
      },
    );
  }
  if (!(error instanceof TerminusApiError)) return error;

  if (error.status === 401 || error.status === 403) {
    return new ConfigurationError(
      `TerminusDB at ${context.origin} refused the credentials (HTTP ${error.status}) during ${context.action}; ` +
        'check TERMINUSDB_USER and TERMINUSDB_KEY (or TERMINUSDB_PASSWORD).',
      { cause: error },
    );
  }
  switch (error.errorType) {
    case 'api:DocumentIdAlreadyExists':
      return new ConflictError(
        `${capitalize(context.action)} failed: a record with id '${recordIdOfDocument(error.detail('api:document_id') ?? '?')}' already exists.`,
        { cause: error },
      );
    case 'api:SameDocumentIdsMutatedInOneTransaction':
      return new ConflictError(
        `${capitalize(context.action)} failed: the batch holds the same id more than once.`,
        { cause: error },
      );
    case 'api:DataVersionMismatch':
      return new ConflictError(
        `${capitalize(context.action)} failed: the data changed concurrently; retry.`,
        { cause: error },
      );
    case 'api:SchemaCheckFailure':
      return schemaCheckFailure(error, context);
    case 'api:UnrecognizedProperty':
    case 'api:TypeNotFound':
      return new ConfigurationError(
        `The TerminusDB schema does not match the model during ${context.action}; it was changed outside sqh.`,
        { cause: error },
      );
  }
  if (error.status === 502 || error.status === 503 || error.status === 504) {
    return new BackendUnavailableError(
      `TerminusDB at ${context.origin} is unavailable (HTTP ${error.status}) during ${context.action}; retry later.`,
      { cause: error },
    );
  }
  return new SqhError(
    'INTERNAL',
    `TerminusDB rejected ${context.action} (${error.errorType ?? `HTTP ${error.status}`}). The server's answer is attached as the cause.`,
    { cause: error },
  );
}

function schemaCheckFailure(error: TerminusApiError, context: FailureContext): SqhError {
  const witnesses = error.witnesses().filter(isJsonObject);
  if (context.deleting || witnesses.some((witness) => STILL_REFERENCED.has(String(witness['@type'])))) {
    return new ConflictError(`${capitalize(context.action)} failed: other records still link to this one.`, {
      cause: error,
    });
  }
  const issues: ValidationIssue[] = witnesses.map((witness) => {
    const field = fieldOf(witness);
    return {
      path: field === undefined ? [] : [field],
      message: `TerminusDB schema check: ${String(witness['@type'] ?? 'failed')}`,
    };
  });
  return new ValidationError(`TerminusDB refused the data during ${context.action}`, issues, {
    cause: error,
  });
}

/** The field a witness is about: its `predicate`, `field` or `property`, without the schema prefix. */
function fieldOf(witness: Readonly<Record<string, JsonValue>>): string | undefined {
  for (const key of ['predicate', 'field', 'property']) {
    const value = witness[key];
    if (typeof value === 'string')
      return value.slice(Math.max(value.lastIndexOf('#'), value.lastIndexOf('/')) + 1);
  }
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
