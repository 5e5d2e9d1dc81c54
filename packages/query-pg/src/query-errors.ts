import { mapPgError, pgErrorCode } from '@sqh/backend-pg';
import {
  AccessDeniedError,
  BackendUnavailableError,
  isSqhError,
  type SqhError,
  ValidationError,
} from '@sqh/core/spi';

export interface QueryErrorContext {
  readonly operation: string;
  readonly model?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * A failed query as an SqhError (or the AbortError of the caller's signal).
 * Messages name the cause and what to do; they never quote SQL or values.
 */
export function queryError(thrown: unknown, context: QueryErrorContext): unknown {
  if (context.signal?.aborted) return context.signal.reason ?? thrown;
  // Sequelize wraps the driver's error; the SQLSTATE is on the original.
  const error = (thrown as { original?: unknown } | null)?.original ?? thrown;
  if (isSqhError(error) || (error instanceof Error && error.name === 'AbortError')) return error;
  const code = pgErrorCode(error);
  const subject = `${context.operation}${context.model ? ` on ${context.model}` : ''}`;
  const options = { cause: error };
  if (code === '57014') {
    return new BackendUnavailableError(
      `${subject} was stopped after its ${context.timeoutMs} ms statement timeout. Narrow the filters, or pass a larger timeoutMs.`,
      options,
    );
  }
  if (code === '25006' || code === '42501') {
    return new AccessDeniedError(
      `${subject} was refused by PostgreSQL: it tried to change data or read something it may not (SQLSTATE ${code}).`,
      options,
    );
  }
  if (code?.startsWith('42')) {
    return new ValidationError(
      `${subject} is not a valid query (SQLSTATE ${code})`,
      [{ path: [], message: 'the query refers to something that does not exist or has the wrong type' }],
      options,
    );
  }
  return mapPgError(error, {
    operation: context.operation,
    ...(context.model ? { model: context.model } : {}),
  }) as SqhError;
}
