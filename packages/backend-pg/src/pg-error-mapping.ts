import {
  BackendUnavailableError,
  ConfigurationError,
  ConflictError,
  NotFoundError,
  SqhError,
  ValidationError,
} from '@sqh/core/spi';

/** Where a failure happened, for a message that helps without leaking SQL, values or credentials. */
export interface PgErrorContext {
  /** What was being done, e.g. `create`, `connect`, `ensureDatabaseExists`. */
  readonly operation: string;
  /** The model key, when the failure concerns one model's table. */
  readonly model?: string;
  /** The database involved (a tenant database name is not a secret). */
  readonly database?: string;
  /** The server as `host:port` (never the URL, which can carry a password). */
  readonly server?: string;
}

/** Node socket errors that mean the server cannot be reached. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs (besides class 08, connection exception) after which the connection is
 * gone or could not be made: shutdowns, crash recovery, too many connections, and
 * the session timeouts that end a connection.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '25P03', '57P05']);

/** What node-postgres says when the socket closes or cannot be used; these carry no code. */
const LOST_CONNECTION =
  /^(Connection terminated|timeout expired|Client has encountered a connection error|Client was closed)/;

const VALUE_PROBLEMS: Readonly<Record<string, string>> = {
  '22001': 'a text value is longer than its column allows',
  '22003': 'a number is out of range for its column',
  '22004': 'a null value is not allowed here',
  '22007': 'a date or time value has an invalid format',
  '22008': 'a date or time value is out of range',
  '22012': 'a division by zero',
  '22021': 'a text value is not valid in the database encoding',
  '22023': 'an argument has an invalid value',
  '22P02': 'a value has the wrong format for its column type',
};

/** Five characters; no SQLSTATE class starts with E, which keeps out Node's EPIPE and EPERM. */
const SQLSTATE = /^[0-9A-DF-Z][0-9A-Z]{4}$/;

/** The SQLSTATE of a PostgreSQL error, also when it was wrapped as the `cause` of another error. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Object && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && SQLSTATE.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True when a raw node-postgres error means the connection could not be made or
 * was lost (not that a statement failed on a healthy connection).
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Object) || error instanceof SqhError) return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_ERRORS.has(code) || code.startsWith('08') || UNAVAILABLE_STATES.has(code)) return true;
  }
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  // Connecting to a name with several addresses fails with one error per address.
  return Array.isArray(errors) && errors.length > 0 && errors.every(isConnectionFailure);
}

/**
 * Turns a node-postgres failure into an SqhError with a stable code. The raw error
 * is kept as `cause` for logs; the message is built here and never copies the
 * server's text, which can quote SQL or the offending values.
 */
export function mapPgError(error: unknown, context: PgErrorContext): SqhError {
  if (error instanceof SqhError) return error;
  const subject = describeSubject(context);
  const options = { cause: error };
  if (isConnectionFailure(error)) {
    const { reason, advice } = unavailability(error);
    return new BackendUnavailableError(`PostgreSQL is unavailable ${subject}: ${reason}. ${advice}`, options);
  }
  const code = pgErrorCode(error);
  const fields = error as { constraint?: unknown; column?: unknown };
  const constraint = typeof fields.constraint === 'string' ? ` (constraint ${fields.constraint})` : '';
  const column = typeof fields.column === 'string' ? fields.column : undefined;
  if (code === '23505') {
    return new ConflictError(
      `A record with the same unique value already exists ${subject}${constraint}.`,
      options,
    );
  }
  if (code === '23502' || code === '23514' || code?.startsWith('22')) {
    const problem =
      code === '23502'
        ? 'a required value is missing'
        : code === '23514'
          ? `a value breaks a check${constraint}`
          : (VALUE_PROBLEMS[code] ?? `a value is not valid (SQLSTATE ${code})`);
    return new ValidationError(
      `Invalid data ${subject}`,
      [{ path: column === undefined ? [] : [column], message: problem }],
      options,
    );
  }
  if (code === '3D000') {
    const database = context.database === undefined ? 'The database' : `Database ${context.database}`;
    return new NotFoundError(
      `${database} does not exist on the server (${context.operation}). It is created on first use through ` +
        'TenantDatabaseManager.getEngine; if it was dropped, the next call creates it again.',
      options,
    );
  }
  if (code?.startsWith('28')) {
    return new ConfigurationError(
      `PostgreSQL refused the login ${subject} (SQLSTATE ${code}). Check the user and password in the connection URL.`,
      options,
    );
  }
  const state =
    code === undefined ? (error instanceof Error ? error.name : typeof error) : `SQLSTATE ${code}`;
  return new SqhError('INTERNAL', `PostgreSQL failed ${subject} (${state}).`, options);
}

function describeSubject(context: PgErrorContext): string {
  const parts = [`during ${context.operation}`];
  if (context.model !== undefined) parts.push(`of ${context.model}`);
  if (context.database !== undefined) parts.push(`in database ${context.database}`);
  if (context.server !== undefined) parts.push(`on ${context.server}`);
  return parts.join(' ');
}

const UNAVAILABLE_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ETIMEDOUT: 'the connection timed out',
  '57P01': 'the server is shutting down or restarting',
  '57P02': 'the server is shutting down or restarting',
  '57P03': 'the server is starting up or recovering',
};

const RETRY_ADVICE =
  'Check that the server is running and reachable; the same call succeeds once it is back, without restarting the application.';

function unavailability(error: unknown): { reason: string; advice: string } {
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message);
  if (code === '53300') {
    return {
      reason: 'the server has no free connection slot',
      advice:
        "Lower the connection budget below the server's max_connections (or the role's connection limit), or raise them.",
    };
  }
  const known = typeof code === 'string' ? UNAVAILABLE_REASONS[code] : undefined;
  const reason =
    known ??
    (/timeout/i.test(message)
      ? 'the connection timed out'
      : typeof code === 'string' && SOCKET_ERRORS.has(code)
        ? `the network failed (${code})`
        : 'the connection was lost');
  return { reason, advice: RETRY_ADVICE };
}
