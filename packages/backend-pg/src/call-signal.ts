import { AsyncLocalStorage } from 'node:async_hooks';
import { connect } from 'node:net';
import { watchAbort } from '@sqh/core/spi';
import type { PoolClient } from 'pg';

/** A connection a call holds from its first statement on an engine until the call ends. */
export interface CallLease {
  readonly client: PoolClient;
  /** A statement of the call is running on it (a concurrent one takes its own connection). */
  busy: boolean;
  /** Lost or cancelled: closed instead of reused when the call ends. */
  discard: boolean;
}

/**
 * The record call being served: its AbortSignal, carried to every statement the
 * call issues (whatever helper issues it) without threading it through each
 * one, and the connections it holds. A statement running when the signal fires
 * is cancelled on the server, and a wait for a pooled connection ends.
 */
export interface Call {
  readonly signal: AbortSignal | undefined;
  /** Per engine: the connection every statement of the call runs on (one lease per call). */
  readonly leases: Map<object, CallLease>;
  /** Run when the call ends, after its work settled: gives the leases back. */
  readonly endings: (() => void)[];
}

const calls = new AsyncLocalStorage<Call>();

/**
 * Runs one record call: its statements share one connection per database,
 * leased at the first statement and given back when `work` settles. A call
 * made inside another (update falling back to get) joins the outer one.
 */
export async function withCallSignal<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  const outer = calls.getStore();
  if (outer && outer.signal === signal) return work();
  const call: Call = { signal, leases: new Map(), endings: [] };
  try {
    return await calls.run(call, work);
  } finally {
    for (const end of call.endings) end();
  }
}

/**
 * Work shared by every caller that needs it (creating a database, syncing a
 * table) belongs to none of them: it runs outside any call's signal and leases,
 * so one caller giving up does not fail the others. Each caller still stops
 * waiting for it when its own signal fires.
 */
export function detachedFromCall<T>(work: () => T): T {
  return calls.exit(work);
}

export function currentCall(): Call | undefined {
  return calls.getStore();
}

export function currentCallSignal(): AbortSignal | undefined {
  return calls.getStore()?.signal;
}

/** A connection once `acquire` gives one, or the signal's reason first (a connection that comes later is released). */
export async function acquireUnlessAborted(
  acquire: Promise<PoolClient>,
  signal: AbortSignal | undefined,
): Promise<PoolClient> {
  if (!signal) return acquire;
  let unwatch = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    unwatch = watchAbort(signal, () => reject(signal.reason));
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([acquire, aborted]);
  } catch (error) {
    if (signal.aborted)
      acquire.then(
        (late) => late.release(),
        () => undefined,
      );
    throw error;
  } finally {
    unwatch();
  }
}

interface ServerProcess {
  readonly host: string;
  readonly port: number;
  readonly processID: number | null;
  readonly secretKey: number | null;
}

const CANCEL_REQUEST_CODE = 80877102;

/**
 * Asks the server to cancel the statement `client` is running: PostgreSQL's
 * CancelRequest, sent on a separate short-lived socket (no login, no pool
 * slot). The statement fails with SQLSTATE 57014 and its transaction rolls
 * back. The request may arrive late, so the caller must not hand the
 * connection to anyone else afterwards (it is discarded on release).
 */
export function cancelRunningStatement(client: PoolClient): void {
  const { host, port, processID, secretKey } = client as unknown as ServerProcess;
  if (processID === null || secretKey === null) return;
  const socket = host.startsWith('/') ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
  // A cancel that cannot be delivered changes nothing: the caller has already been answered.
  socket.on('error', () => undefined);
  socket.setTimeout(5_000, () => socket.destroy());
  socket.on('connect', () => {
    const request = Buffer.alloc(16);
    request.writeInt32BE(16, 0);
    request.writeInt32BE(CANCEL_REQUEST_CODE, 4);
    request.writeInt32BE(processID, 8);
    request.writeInt32BE(secretKey, 12);
    socket.end(request);
  });
}
