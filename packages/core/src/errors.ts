import { clipInput } from './quoted-input.js';

/**
 * One error hierarchy for every backend. `code` is stable and safe to branch on;
 * `message` says what is wrong and what to do next, and never carries SQL text
 * or credentials (backends keep the raw failure in `cause` for logs only).
 */
export type SqhErrorCode =
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'ACCESS_DENIED'
  | 'CONFLICT'
  | 'UNSUPPORTED'
  | 'BACKEND_UNAVAILABLE'
  | 'CONFIGURATION'
  | 'CANCELLED'
  | 'INTERNAL';

export class SqhError extends Error {
  readonly code: SqhErrorCode;

  constructor(code: SqhErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

export class NotFoundError extends SqhError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', message, options);
  }
}

/** One problem with caller input: `path` is the field path, `row` the batch row index. */
export interface ValidationIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly row?: number;
}

/** The most characters of one issue's message a ValidationError's message repeats. */
const MAX_ISSUE_MESSAGE = 300;

export class ValidationError extends SqhError {
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[] = [], options?: { cause?: unknown }) {
    super('VALIDATION', ValidationError.describe(message, issues), options);
    this.issues = issues;
  }

  private static describe(message: string, issues: readonly ValidationIssue[]): string {
    if (issues.length === 0) return message;
    const shown = issues.slice(0, 5).map((issue) => {
      const where = [
        issue.row === undefined ? undefined : `row ${issue.row}`,
        issue.path.map((part) => clipInput(part)).join('.') || undefined,
      ]
        .filter(Boolean)
        .join(', ');
      // Paths and messages may repeat caller input (a field name, a value): both are clipped.
      const message = clipInput(issue.message, MAX_ISSUE_MESSAGE);
      return where ? `${where}: ${message}` : message;
    });
    const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
    return `${message.replace(/\.$/, '')}: ${shown.join('; ')}${more}`;
  }
}

export class AccessDeniedError extends SqhError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ACCESS_DENIED', message, options);
  }
}

/**
 * What a backend throws when an update would move a record out of the caller's
 * access scope (the SPI requires the patched record to stay inside it).
 */
export function updateLeavesScopeError(modelKey: string, id: string): AccessDeniedError {
  return new AccessDeniedError(
    `Access denied: this update would move ${modelKey} record '${id}' outside what you may write.`,
  );
}

export class ConflictError extends SqhError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFLICT', message, options);
  }
}

/** What a backend throws when the stored record does not match an update's `if` precondition. */
export function preconditionFailedError(modelKey: string, id: string): ConflictError {
  return new ConflictError(
    `The update of ${modelKey} record '${id}' was not applied: the record no longer matches its 'if' condition ` +
      '(another write changed it). Read it again and retry with a fresh condition.',
  );
}

/** The model or call needs a capability its backend does not declare. */
export class UnsupportedError extends SqhError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNSUPPORTED', message, options);
  }
}

/** The store cannot be reached now; the same call may succeed later. */
export class BackendUnavailableError extends SqhError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND_UNAVAILABLE', message, options);
  }
}

/**
 * The call was cancelled by its AbortSignal or ran past its timeout, whichever
 * came first. A cancelled write may or may not have been applied: read before
 * retrying one that is not idempotent.
 */
export class CancelledError extends SqhError {
  readonly reason: 'aborted' | 'timeout';

  constructor(message: string, reason: 'aborted' | 'timeout', options?: { cause?: unknown }) {
    super('CANCELLED', message, options);
    this.reason = reason;
  }
}

/** The composition itself is wrong: a bad model declaration, a duplicate plugin key. */
export class ConfigurationError extends SqhError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIGURATION', message, options);
  }
}

const CODES: ReadonlySet<string> = new Set<SqhErrorCode>([
  'NOT_FOUND',
  'VALIDATION',
  'ACCESS_DENIED',
  'CONFLICT',
  'UNSUPPORTED',
  'BACKEND_UNAVAILABLE',
  'CONFIGURATION',
  'CANCELLED',
  'INTERNAL',
]);

/**
 * True for any sqh error, including one thrown by a plugin that loaded its own
 * copy of @sqh/core (where `instanceof` would fail): the stable code decides.
 */
export function isSqhError(error: unknown): error is SqhError {
  if (error instanceof SqhError) return true;
  return error instanceof Error && CODES.has((error as { code?: unknown }).code as string);
}

/**
 * A non-atomic import stopped part-way: the first `committedRows` rows of the
 * source are stored, the rest are not. `code` is the code of the failure
 * (`cause`); re-running with `resumeAt: committedRows` continues where it stopped.
 */
export class ImportInterruptedError extends SqhError {
  readonly committedRows: number;

  constructor(committedRows: number, cause: SqhError) {
    super(
      cause.code,
      `${cause.message} The import is not atomic: rows before row ${committedRows} of the source are committed; ` +
        `fix the cause and re-run with resumeAt: ${committedRows} to continue from there.`,
      { cause },
    );
    this.committedRows = committedRows;
  }
}
