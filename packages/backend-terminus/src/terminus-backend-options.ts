import { ConfigurationError } from '@sqh/core/spi';

export interface TerminusBackendOptions {
  /** Server root, e.g. `http://localhost:6363` (TERMINUSDB_URL). */
  readonly url: string;
  /** User name (TERMINUSDB_USER); `admin` on a fresh server. */
  readonly user: string;
  /** That user's password or API key (TERMINUSDB_KEY / TERMINUSDB_PASSWORD). */
  readonly key: string;
  /** Organization the tenant databases live in (TERMINUSDB_ORG); `admin` by default. */
  readonly organization?: string;
  /** Commit author recorded with every write; the user by default. */
  readonly author?: string;
  /** Read-modify-write attempts of one `update` before it gives up with a ConflictError; 25 by default. */
  readonly maxUpdateAttempts?: number;
  /**
   * An HTTP request the server has not answered after this long is aborted
   * (BACKEND_UNAVAILABLE); 60 s by default. Calls also end by their own signal.
   */
  readonly requestTimeoutMs?: number;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof globalThis.fetch;
}

export interface ResolvedTerminusOptions {
  readonly url: string;
  readonly user: string;
  readonly key: string;
  readonly organization: string;
  readonly author: string;
  readonly maxUpdateAttempts: number;
  readonly requestTimeoutMs: number;
  readonly fetch?: typeof globalThis.fetch;
}

/** Checks the options once, at composition time, with messages that never echo the key. */
export function resolveTerminusOptions(options: TerminusBackendOptions): ResolvedTerminusOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ConfigurationError(
      'The TerminusDB url is not a valid URL; set TERMINUSDB_URL, e.g. http://localhost:6363.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`The TerminusDB url must use http or https, not ${url.protocol}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError(
      'The TerminusDB url must not contain credentials; pass user and key (TERMINUSDB_USER, TERMINUSDB_KEY).',
    );
  }
  for (const [name, value] of [
    ['user', options.user],
    ['key', options.key],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new ConfigurationError(
        `The TerminusDB ${name} is missing; set TERMINUSDB_${name.toUpperCase()}.`,
      );
    }
  }
  const organization = options.organization ?? 'admin';
  if (!/^[A-Za-z0-9_.-]+$/.test(organization)) {
    throw new ConfigurationError(
      'The TerminusDB organization must be a name of letters, digits, _, . and - (TERMINUSDB_ORG).',
    );
  }
  const maxUpdateAttempts = options.maxUpdateAttempts ?? 25;
  if (!Number.isInteger(maxUpdateAttempts) || maxUpdateAttempts < 1) {
    throw new ConfigurationError('maxUpdateAttempts must be a positive integer.');
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 1) {
    throw new ConfigurationError('requestTimeoutMs must be a positive integer of milliseconds.');
  }
  return Object.freeze({
    url: url.toString(),
    user: options.user,
    key: options.key,
    organization,
    author: options.author ?? options.user,
    maxUpdateAttempts,
    requestTimeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
