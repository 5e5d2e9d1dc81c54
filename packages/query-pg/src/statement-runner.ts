import type { TenantEngine } from '@sqh/backend-pg';
import pg from 'pg';

/** One parameterized statement: text with `$n` placeholders and their values. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

export interface RunLimits {
  /** statement_timeout for the transaction, in ms. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** BEGIN READ ONLY instead of BEGIN. */
  readonly readOnly?: boolean;
}

/**
 * Runs `work` in a transaction on a connection from the engine (so from the
 * global connection budget) with a statement timeout set for that transaction
 * only. An abort cancels the running statement on the server.
 */
export async function inTransaction<T>(
  engine: TenantEngine,
  limits: RunLimits,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  limits.signal?.throwIfAborted();
  return engine.withClient(async (client) => {
    const stopCancelling = cancelOnAbort(client, limits.signal);
    await client.query(beginStatement(limits));
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      limits.signal?.throwIfAborted();
      throw error;
    } finally {
      stopCancelling();
    }
  });
}

/**
 * BEGIN and the transaction's statement timeout in one round trip (simple
 * protocol). The timeout is an integer checked by timeoutOf, never caller text.
 */
export function beginStatement(limits: RunLimits): string {
  return `${limits.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'}; ${beginTimeout(limits)}`;
}

/** The statement timeout of a transaction already begun. */
export function beginTimeout(limits: RunLimits): string {
  if (!Number.isInteger(limits.timeoutMs) || limits.timeoutMs < 1) {
    throw new RangeError('timeoutMs must be a positive integer');
  }
  return `SET LOCAL statement_timeout = ${limits.timeoutMs}`;
}

/** Runs one statement inside `inTransaction`. */
export function runStatement<R extends pg.QueryResultRow>(
  engine: TenantEngine,
  statement: Statement,
  limits: RunLimits,
): Promise<R[]> {
  return inTransaction(engine, limits, async (client) => {
    const result = await client.query<R>(statement.text, [...statement.values]);
    return result.rows;
  });
}

interface CancellableClient {
  readonly processID?: number;
  readonly connectionParameters?: pg.ClientConfig;
  readonly activeQuery?: unknown;
}

/**
 * On abort, sends PostgreSQL's cancel request for the statement running on
 * `client` (a separate, momentary socket: it holds no session, so no budget slot).
 */
export function cancelOnAbort(client: pg.PoolClient, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => undefined;
  const onAbort = () => {
    const running = client as unknown as CancellableClient;
    if (running.activeQuery === undefined || running.activeQuery === null) return;
    const canceller = new pg.Client(running.connectionParameters) as unknown as {
      cancel(target: unknown, query: unknown): void;
    };
    canceller.cancel(client, running.activeQuery);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
