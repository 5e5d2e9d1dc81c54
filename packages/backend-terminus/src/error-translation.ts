import {
  BackendUnavailableError,
  ConfigurationError,
  ConflictError,
  SqhError,
  ValidationError,
  type ValidationIssue,
} from '@sqh/core/spi';
import { recordIdOfDocument } from './document-id.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { TerminusApiError, TerminusProtocolError, TerminusUnreachableError } from './terminus-api-error.js';

/** What the failing call was doing, for messages (never credentials or query text). */
export interface FailureContext {
  /** e.g. `create on crm/AppCRMAccount`. */
  readonly action: string;
  /** A deletion refused by the schema check means the document is still linked to. */
  readonly deleting?: boolean;
  readonly origin: string;
  /**
   * The documents the failed write submitted, in row order: server errors name a value or a
   * document, and these tell which field (and, for a batch, which row) it was.
   */
  readonly submitted?: readonly JsonObject[];
  /** The write was a batch: issues and messages carry the row index. */
  readonly batch?: boolean;
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
    case 'api:DocumentIdAlreadyExists': {
      const documentId = error.detail('api:document_id') ?? '?';
      return new ConflictError(
        `${failedAt(context, rowOfDocument(context, documentId))}: a record with id '${quoted(recordIdOfDocument(documentId))}' already exists.`,
        { cause: error },
      );
    }
    case 'api:SameDocumentIdsMutatedInOneTransaction': {
      const [first] = error.list('api:duplicate_ids');
      const rows = first === undefined ? [] : rowsOfDocument(context, first);
      return new ConflictError(
        `${failedAt(context, rows[1])}: the batch holds the same id more than once${rows.length > 1 ? ` (rows ${rows.join(', ')})` : ''}.`,
        { cause: error },
      );
    }
    case 'api:BadCast':
    case 'api:UnexpectedBooleanValue':
      return valueRefused(error, context);
    case 'api:DataVersionMismatch':
      return new ConflictError(
        `${capitalize(context.action)} failed: the data changed concurrently; retry.`,
        { cause: error },
      );
    case 'api:SchemaCheckFailure':
      return schemaCheckFailure(error, context);
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
  const witnesses = error.witnesses().filter(isJsonObject).map(unwrapFieldWitness);
  if (context.deleting || witnesses.some(({ witness }) => STILL_REFERENCED.has(String(witness['@type'])))) {
    return new ConflictError(`${capitalize(context.action)} failed: other records still link to this one.`, {
      cause: error,
    });
  }
  const issues: ValidationIssue[] = witnesses.flatMap(({ witness, field: keyedField }) => {
    const type = String(witness['@type'] ?? 'failed');
    const located = keyedField === undefined ? locateValue(context, witness.value) : undefined;
    const fields = keyedField !== undefined ? [keyedField] : fieldsOf(witness);
    const row = rowOfWitness(context, witness) ?? located?.row;
    const paths = fields.length > 0 ? fields.map((field) => [field]) : [located ? [located.field] : []];
    return paths.map((path) => ({
      path,
      message: `TerminusDB schema check: ${WITNESS_MEANING[type] ?? type}`,
      ...(row === undefined ? {} : { row }),
    }));
  });
  const rows = [...new Set(issues.flatMap((issue) => (issue.row === undefined ? [] : [issue.row])))];
  return new ValidationError(`${failedAt(context, rows[0])}: TerminusDB refused the data`, issues, {
    cause: error,
  });
}

/** What the witness types the backend can meet mean for a caller. */
const WITNESS_MEANING: Readonly<Record<string, string>> = {
  unknown_property_for_type:
    'the stored class has no such property (its schema was changed outside sqh); this process pushes classes once, so restart it or restore the class',
  no_unique_type_for_document: 'the value is an object that fits no class the field admits',
  unexpected_list: 'a list was given where one value is expected',
  required_field_does_not_exist_in_document: 'a required value is missing',
  field_has_wrong_cardinality: 'the number of values is outside the bounds of the stored class',
  reifying_abstract_class: 'the class is abstract',
};

/**
 * Field-level witnesses arrive keyed by the property IRI
 * (`{"terminusdb:///schema#ref": {"@type": "no_unique_type_for_document", ...}}`).
 */
function unwrapFieldWitness(witness: JsonObject): { witness: JsonObject; field?: string } {
  if (witness['@type'] !== undefined) return { witness };
  const entries = Object.entries(witness);
  const [key, inner] = entries[0] ?? [];
  if (entries.length === 1 && key !== undefined && isJsonObject(inner))
    return { witness: inner, field: localName(key) };
  return { witness };
}

/** The fields a witness names: its `predicate`, `field` or `property` (a name or a list), without the schema prefix. */
function fieldsOf(witness: JsonObject): string[] {
  for (const key of ['predicate', 'field', 'property']) {
    const value = witness[key];
    if (typeof value === 'string') return [localName(value)];
    if (Array.isArray(value))
      return value.filter((item): item is string => typeof item === 'string').map(localName);
  }
  return [];
}

function localName(iri: string): string {
  return iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
}

/**
 * `api:BadCast` and `api:UnexpectedBooleanValue` name a value and a type, not a field: the
 * field (and row) is the first submitted value that matches.
 */
function valueRefused(error: TerminusApiError, context: FailureContext): ValidationError {
  const raw = error.value('api:value');
  const type = error.detail('api:type') ?? error.detail('api:expected_type') ?? 'its type';
  const located = locateValue(context, raw);
  const issue: ValidationIssue = {
    path: located ? [located.field] : [],
    message: `TerminusDB cannot store ${quoted(JSON.stringify(raw) ?? 'the value')} as ${localName(type)}; the stored class may have been changed outside sqh`,
    ...(located?.row === undefined ? {} : { row: located.row }),
  };
  return new ValidationError(`${failedAt(context, located?.row)}: TerminusDB refused a value`, [issue], {
    cause: error,
  });
}

/** The first submitted field whose value (or one of whose items) is `wanted`; BadCast gives text. */
function locateValue(
  context: FailureContext,
  wanted: JsonValue | undefined,
): { field: string; row: number | undefined } | undefined {
  if (wanted === undefined) return undefined;
  const key = JSON.stringify(wanted);
  const matches = (value: JsonValue) =>
    JSON.stringify(value) === key ||
    (typeof wanted === 'string' && typeof value !== 'object' && String(value) === wanted);
  const documents = context.submitted ?? [];
  for (const [index, document] of documents.entries()) {
    for (const [field, value] of Object.entries(document)) {
      if (field.startsWith('@')) continue;
      if (matches(value) || (Array.isArray(value) && value.some(matches))) {
        return { field, row: context.batch ? index : undefined };
      }
    }
  }
  return undefined;
}

/** The row of the submitted document a witness names by `document['@id']` or `subject`. */
function rowOfWitness(context: FailureContext, witness: JsonObject): number | undefined {
  const document = witness.document;
  const id = isJsonObject(document) ? document['@id'] : witness.subject;
  return typeof id === 'string' ? rowOfDocument(context, id) : undefined;
}

function rowOfDocument(context: FailureContext, documentId: string): number | undefined {
  return rowsOfDocument(context, documentId)[0];
}

/** Rows whose submitted `@id` (`Class/x`) is `documentId` (full IRI or compressed). */
function rowsOfDocument(context: FailureContext, documentId: string): number[] {
  if (!context.batch) return [];
  const rows: number[] = [];
  (context.submitted ?? []).forEach((document, index) => {
    const id = document['@id'];
    if (typeof id === 'string' && (documentId === id || documentId.endsWith(`/${id}`))) rows.push(index);
  });
  return rows;
}

/** "Create on crm/X failed" or, for a batch, "BatchCreate on crm/X refused at row 3; nothing was written". */
function failedAt(context: FailureContext, row: number | undefined): string {
  if (context.batch) {
    return `${capitalize(context.action)} refused${row === undefined ? '' : ` at row ${row}`}; nothing was written`;
  }
  return `${capitalize(context.action)} failed`;
}

/** Caller text quoted in a message is bounded. */
function quoted(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
