import type { TenantEngine } from '@sqh/backend-pg';
import type pg from 'pg';
import { QueryTypes, Sequelize, type Transaction } from 'sequelize';
import { beginTimeout, cancelOnAbort, type RunLimits, type Statement } from './statement-runner.js';

/** Sequelize's connection manager, as far as query-pg replaces it. */
interface ConnectionManagerView {
  getConnection(options?: unknown): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
  close(): Promise<void>;
}

/**
 * One Sequelize instance per tenant database whose connections are leased from
 * that database's engine, i.e. from backend-pg's global connection budget:
 * Sequelize's own pool is never used, so Sequelize cannot open a connection the
 * budget does not count. A lease ends when Sequelize releases the connection.
 */
export class TenantSequelizes {
  readonly #instances = new WeakMap<TenantEngine, Sequelize>();

  of(engine: TenantEngine): Sequelize {
    let sequelize = this.#instances.get(engine);
    if (!sequelize) {
      sequelize = new Sequelize({ dialect: 'postgres', logging: false });
      const leases = new WeakMap<object, () => void>();
      const manager = sequelize.connectionManager as unknown as ConnectionManagerView;
      manager.getConnection = () =>
        new Promise<pg.PoolClient>((resolve, reject) => {
          engine
            .withClient(
              (client) =>
                new Promise<void>((release) => {
                  leases.set(client, release);
                  resolve(client);
                }),
            )
            .catch(reject);
        });
      manager.releaseConnection = async (connection) => {
        leases.get(connection as object)?.();
        leases.delete(connection as object);
      };
      manager.close = async () => undefined;
      this.#instances.set(engine, sequelize);
    }
    return sequelize;
  }

  /**
   * One SELECT in a Sequelize transaction on a leased connection, with the
   * transaction's statement timeout; an abort cancels the statement on the server.
   */
  async select(
    engine: TenantEngine,
    statement: Statement,
    limits: RunLimits,
  ): Promise<Record<string, unknown>[]> {
    limits.signal?.throwIfAborted();
    const sequelize = this.of(engine);
    return sequelize.transaction(async (transaction: Transaction) => {
      const client = (transaction as unknown as { connection: pg.PoolClient }).connection;
      const stopCancelling = cancelOnAbort(client, limits.signal);
      try {
        await sequelize.query(beginTimeout(limits), { transaction, raw: true });
        return (await sequelize.query(statement.text, {
          transaction,
          raw: true,
          type: QueryTypes.SELECT,
          ...(statement.values.length > 0 ? { bind: [...statement.values] } : {}),
        })) as Record<string, unknown>[];
      } finally {
        stopCancelling();
      }
    });
  }
}
