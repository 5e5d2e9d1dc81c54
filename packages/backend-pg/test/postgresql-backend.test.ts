import { ConfigurationError, createSqh, defineModel, type Sqh, StorageConfig } from '@sqh/core';
import type { FilterNode } from '@sqh/core/spi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PG_BACKEND, type PostgreSQLBackend, pgBackend, type TenantDatabaseManager } from '../src/index.js';
import { listStatement, searchStatement } from '../src/record-statements.js';
import { createPgSqh } from './support/pg-sqh.js';
import { dropTenantDatabases, queryDatabase, testPgUrl, uniqueTenantId } from './support/test-database.js';

const note = defineModel({
  group: 'crm',
  name: 'CustomerNote',
  storage: StorageConfig.postgresql(),
  schema: z.object({ subject: z.string(), body: z.string().nullable(), views: z.number().int() }),
});

describe('PostgreSQLBackend', () => {
  const tenantId = uniqueTenantId('backend');
  let sqh: Sqh;
  let backend: PostgreSQLBackend;
  let manager: TenantDatabaseManager;

  beforeAll(async () => {
    ({ sqh, backend, manager } = await createPgSqh([note]));
  });

  afterAll(async () => {
    await sqh?.close();
    await dropTenantDatabases([tenantId]);
  });

  it('registers under the postgresql key with the capabilities it has', async () => {
    const trigram = await queryDatabase<{ found: boolean }>(
      'postgres',
      "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS found",
    );
    expect(sqh.backends.get('postgresql')).toBe(backend);
    expect(backend.capabilities).toStrictEqual({
      transactions: true,
      partitioning: true,
      sharedReference: true,
      indexedTextSearch: trigram.rows[0]?.found,
      graphPaths: false,
      maxBatchSize: 1_000_000,
      persistent: true,
      conditionalUpdates: true,
      tenantLifecycle: true,
    });
  });

  it('provides its backend and tenant database manager to other plugins through PG_BACKEND', async () => {
    expect(sqh.get(PG_BACKEND)).toStrictEqual({ backend, manager });
    const seen: unknown[] = [];
    const probe = await createSqh({
      plugins: [
        pgBackend({ url: testPgUrl() }),
        { name: 'query-service', register: (_container, api) => void seen.push(api.get(PG_BACKEND).backend) },
      ],
    });
    expect(seen).toStrictEqual([probe.get(PG_BACKEND).backend]);
    await probe.close();
  });

  it('searches case-insensitively over the given fields only', async () => {
    const a = await sqh.records.create(tenantId, 'crm', 'CustomerNote', {
      subject: 'Invoice overdue',
      body: null,
      views: 1,
    });
    const b = await sqh.records.create(tenantId, 'crm', 'CustomerNote', {
      subject: 'Hello',
      body: 'about the INVOICE',
      views: 2,
    });
    const everywhere = await sqh.records.search(tenantId, 'crm', 'CustomerNote', 'invoice');
    expect(everywhere.map((record) => record.id).sort()).toStrictEqual([a.id, b.id].sort());
    const subjects = await sqh.records.search(tenantId, 'crm', 'CustomerNote', 'invoice', {
      fields: ['subject'],
    });
    expect(subjects.map((record) => record.id)).toStrictEqual([a.id]);
  });

  it('backs search with trigram indexes the planner uses', async () => {
    const { engine, mapping, features } = await backend.openTable({ tenantId }, note);
    expect(features.trigram).toBe(true);
    const statement = searchStatement(
      mapping,
      { text: 'invoice', fields: ['subject'], limit: 10 },
      undefined,
      features,
    );
    const plan = await engine.transaction(async (client) => {
      await client.query('SET LOCAL enable_seqscan = off');
      return client.query(`EXPLAIN ${statement.text}`, statement.values);
    });
    expect(plan.rows.map((row) => Object.values(row)[0]).join('\n')).toContain('customer_note_subject_trgm');
  });

  it('applies the access scope itself on every read when called without core', async () => {
    await sqh.records.create(tenantId, 'crm', 'CustomerNote', {
      id: 'scope-in',
      subject: 'scope test',
      body: null,
      views: 7,
    });
    await sqh.records.create(tenantId, 'crm', 'CustomerNote', {
      id: 'scope-out',
      subject: 'scope test',
      body: null,
      views: 8,
    });
    const scope: FilterNode = { kind: 'compare', field: 'views', op: 'eq', value: 7 };
    const ctx = { tenantId, scope };
    const subject: FilterNode = { kind: 'compare', field: 'subject', op: 'eq', value: 'scope test' };
    const listed = await backend.list(ctx, note, { filter: subject, orderBy: [], limit: 10, skip: 0 });
    expect(listed.map((record) => record.id)).toStrictEqual(['scope-in']);
    expect(await backend.count(ctx, note, subject)).toBe(1);
    expect(
      (await backend.search(ctx, note, { text: 'SCOPE', fields: ['subject'], limit: 10 })).map((r) => r.id),
    ).toStrictEqual(['scope-in']);
    expect(await backend.get(ctx, note, 'scope-out')).toBeNull();
    expect(await backend.update(ctx, note, 'scope-out', { views: 9 })).toBeNull();
    expect(await backend.delete(ctx, note, 'scope-out')).toBe(false);
  });

  it('does not repeat a scope core already merged into the filter', async () => {
    const { mapping, features } = await backend.openTable({ tenantId }, note);
    const scope: FilterNode = { kind: 'compare', field: 'views', op: 'eq', value: 7 };
    const merged: FilterNode = { kind: 'and', nodes: [{ kind: 'null', field: 'body', isNull: true }, scope] };
    const statement = listStatement(
      mapping,
      { filter: merged, orderBy: [], limit: 10, skip: 0 },
      scope,
      features,
    );
    expect(statement.text.match(/"views" =/g)).toHaveLength(1);
  });

  it('refuses two models that would share one table', async () => {
    const twin = defineModel({
      group: 'other',
      name: 'CustomerNote',
      storage: StorageConfig.postgresql(),
      schema: z.object({ x: z.string() }),
    });
    await expect(
      createSqh({ plugins: [pgBackend({ url: testPgUrl() })], models: [note, twin] }),
    ).rejects.toThrow(ConfigurationError);
  });

  it('releases every connection on sqh.close()', async () => {
    const own = await createPgSqh([note]);
    await own.sqh.records.count(tenantId, 'crm', 'CustomerNote');
    expect(own.manager.openConnections()).toBeGreaterThan(0);
    await own.sqh.close();
    expect(own.manager.openConnections()).toBe(0);
  });
});
