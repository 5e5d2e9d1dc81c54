import { ConfigurationError } from './errors.js';

/**
 * Well-known backend keys. The key space is open: a third-party plugin registers
 * its own string key and models name it in `StorageConfig.custom(key)`.
 */
export const StorageBackend = {
  TERMINUSDB: 'terminusdb',
  POSTGRESQL: 'postgresql',
} as const;

export type StorageBackendKey = (typeof StorageBackend)[keyof typeof StorageBackend] | (string & {});

export const SHARED_REFERENCE_DB_NAME = 'sqh_shared_reference';

export type PartitionInterval = 'day' | 'week' | 'month' | 'year';

export interface StorageConfig {
  readonly backend: StorageBackendKey;
  /** Explicit table (or collection) name; defaults to a name derived from the model. */
  readonly tableName?: string;
  /** Optimisation hint: the backend may choose bulk paths and leaner indexes. */
  readonly highVolume: boolean;
  /** A date field to range-partition on (backends with the `partitioning` capability). */
  readonly partitionBy?: string;
  readonly partitionInterval: PartitionInterval;
  /** Shared reference data readable by every tenant; its backend must declare `sharedReference`. */
  readonly shared: boolean;
}

export interface PostgresStorageOptions {
  tableName?: string;
  highVolume?: boolean;
  partitionBy?: string;
  partitionInterval?: PartitionInterval;
  shared?: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_IDENTIFIER_BYTES = 63;

function build(backend: StorageBackendKey, options: PostgresStorageOptions): StorageConfig {
  if (typeof backend !== 'string' || !/^[a-z][a-z0-9-]*$/.test(backend)) {
    throw new ConfigurationError(
      `Storage backend key ${JSON.stringify(backend)} is not valid: use lower-case letters, digits and '-'.`,
    );
  }
  if (options.tableName !== undefined) {
    if (!IDENTIFIER.test(options.tableName) || Buffer.byteLength(options.tableName) > MAX_IDENTIFIER_BYTES) {
      throw new ConfigurationError(
        `tableName ${JSON.stringify(options.tableName)} is not a legal identifier: ` +
          `use letters, digits and '_' (not starting with a digit), at most ${MAX_IDENTIFIER_BYTES} bytes.`,
      );
    }
  }
  const interval = options.partitionInterval ?? 'month';
  if (!['day', 'week', 'month', 'year'].includes(interval)) {
    throw new ConfigurationError(
      `partitionInterval must be day, week, month or year, not ${JSON.stringify(interval)}.`,
    );
  }
  return Object.freeze({
    backend,
    ...(options.tableName === undefined ? {} : { tableName: options.tableName }),
    highVolume: options.highVolume ?? false,
    ...(options.partitionBy === undefined ? {} : { partitionBy: options.partitionBy }),
    partitionInterval: interval,
    shared: options.shared ?? false,
  });
}

export const StorageConfig = {
  /** The default: graph-shaped documents in the tenant's TerminusDB database. */
  terminusdb(options: { tableName?: string } = {}): StorageConfig {
    return build(StorageBackend.TERMINUSDB, options);
  },
  postgresql(options: PostgresStorageOptions = {}): StorageConfig {
    return build(StorageBackend.POSTGRESQL, options);
  },
  /** A third-party backend registered under its own key. */
  custom(backend: string, options: PostgresStorageOptions = {}): StorageConfig {
    return build(backend, options);
  },
  default(): StorageConfig {
    return build(StorageBackend.TERMINUSDB, {});
  },
} as const;
