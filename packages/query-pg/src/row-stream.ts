import type { TenantEngine } from '@sqh/backend-pg';
import type { ResultRow } from '@sqh/core/spi';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import { beginStatement, cancelOnAbort, type RunLimits, type Statement } from './statement-runner.js';

/**
 * Rows of one statement through a server-side cursor, `batchSize` at a time, in a
 * READ ONLY transaction on one connection from the global budget. Memory stays
 * constant whatever the result size; the connection is released when the
 * iteration ends, fails, or the consumer stops early.
 */
export async function* streamRows(
  engine: TenantEngine,
  statement: Statement,
  limits: RunLimits,
  batchSize: number,
  decode: (rows: unknown[][]) => ResultRow[],
  onError: (error: unknown) => unknown,
): AsyncGenerator<ResultRow, void, undefined> {
  limits.signal?.throwIfAborted();
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const client = await new Promise<pg.PoolClient>((resolve, reject) => {
    engine
      .withClient(async (acquired) => {
        resolve(acquired);
        await released;
      })
      .catch(reject);
  });
  const stopCancelling = cancelOnAbort(client, limits.signal);
  let cursor: Cursor | undefined;
  let finished = false;
  try {
    await client.query(beginStatement({ ...limits, readOnly: true }));
    // Rows as arrays: `decode` builds each caller row once, without pg's intermediate object.
    cursor = client.query(new Cursor(statement.text, [...statement.values], { rowMode: 'array' }));
    for (;;) {
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) break;
      yield* decode(rows);
    }
    await cursor.close();
    await client.query('COMMIT');
    finished = true;
  } catch (error) {
    limits.signal?.throwIfAborted();
    throw onError(error);
  } finally {
    stopCancelling();
    if (!finished) {
      // Stopped early or failed: end the portal and the transaction before the connection goes back.
      await cursor?.close().catch(() => undefined);
      await client.query('ROLLBACK').catch(() => undefined);
    }
    release();
  }
}
