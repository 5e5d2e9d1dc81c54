import { describe, expect, it } from 'vitest';
import { SHARED_REFERENCE_DB_NAME, StorageBackend, StorageConfig } from '../src/index.js';

describe('StorageConfig', () => {
  it('defaults to TerminusDB', () => {
    expect(StorageConfig.default().backend).toBe(StorageBackend.TERMINUSDB);
    expect(StorageConfig.terminusdb().backend).toBe('terminusdb');
  });

  it('builds a PostgreSQL config with its options and a monthly partition interval', () => {
    const config = StorageConfig.postgresql({
      highVolume: true,
      partitionBy: 'created_at',
      tableName: 'lab_results',
    });
    expect(config).toEqual({
      backend: 'postgresql',
      tableName: 'lab_results',
      highVolume: true,
      partitionBy: 'created_at',
      partitionInterval: 'month',
      shared: false,
    });
  });

  it('allows shared: true for PostgreSQL', () => {
    expect(StorageConfig.postgresql({ shared: true }).shared).toBe(true);
  });

  it('leaves shared: true on any backend to its sharedReference capability', () => {
    expect(StorageConfig.custom('my-store', { shared: true }).shared).toBe(true);
  });

  it('keeps the backend key space open for third parties', () => {
    expect(StorageConfig.custom('my-store').backend).toBe('my-store');
  });

  it('refuses a hostile table name', () => {
    expect(() => StorageConfig.postgresql({ tableName: 'x"; drop table y; --' })).toThrow(
      /not a legal identifier/,
    );
  });

  it('refuses an unknown partition interval', () => {
    expect(() => StorageConfig.postgresql({ partitionInterval: 'fortnight' as 'month' })).toThrow(
      /partitionInterval/,
    );
  });

  it('exposes the shared reference database name', () => {
    expect(SHARED_REFERENCE_DB_NAME).toBe('sqh_shared_reference');
  });
});
