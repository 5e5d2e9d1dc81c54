import { defineModel, type Sqh, StorageConfig } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quoteIdentifier } from '../src/index.js';
import { createPgSqh } from './support/pg-sqh.js';
import {
  dropDatabase,
  queryDatabase,
  tenantDatabaseName,
  uniqueSharedDatabase,
  uniqueTableName,
  uniqueTenantId,
} from './support/test-database.js';

const SHARED = uniqueSharedDatabase('models');

const table = uniqueTableName('units');
const unit = defineModel({
  group: 'reference',
  name: 'MeasurementUnit',
  storage: StorageConfig.postgresql({ shared: true, tableName: table }),
  schema: z.object({ code: z.string(), label: z.string() }),
});

describe('shared reference models', () => {
  const tenantA = uniqueTenantId('sharea');
  const tenantB = uniqueTenantId('shareb');
  let sqh: Sqh;

  beforeAll(async () => {
    ({ sqh } = await createPgSqh([unit], { sharedDatabase: SHARED }));
  });

  afterAll(async () => {
    await sqh?.close();
    await dropDatabase(SHARED);
  });

  it('are written without a tenant and read by every tenant', async () => {
    const created = await sqh.records.create(null, 'reference', 'MeasurementUnit', {
      code: 'mg/L',
      label: 'milligrams per litre',
    });
    expect(await sqh.records.get(tenantA, 'reference', 'MeasurementUnit', created.id)).toStrictEqual(created);
    expect(await sqh.records.get(tenantB, 'reference', 'MeasurementUnit', created.id)).toStrictEqual(created);
    const listed = await sqh.records.list(tenantB, 'reference', 'MeasurementUnit', {
      filters: { code: 'mg/L' },
    });
    expect(listed).toStrictEqual([created]);
  });

  it('live in the shared reference database', async () => {
    await sqh.records.create(null, 'reference', 'MeasurementUnit', { code: 'pH', label: 'acidity' });
    const rows = await queryDatabase<{ code: string }>(
      SHARED,
      `SELECT code FROM ${quoteIdentifier(table)} WHERE code = 'pH'`,
    );
    expect(rows.rows).toStrictEqual([{ code: 'pH' }]);
  });

  it('create no tenant database for the tenants that read them', async () => {
    await sqh.records.count(tenantA, 'reference', 'MeasurementUnit');
    const databases = await queryDatabase<{ datname: string }>(
      'postgres',
      'SELECT datname FROM pg_database WHERE datname = ANY ($1)',
      [[tenantDatabaseName(tenantA), tenantDatabaseName(tenantB)]],
    );
    expect(databases.rows).toStrictEqual([]);
  });
});
