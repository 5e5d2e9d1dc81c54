import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.js';
import {
  TENANT_DATABASE_PREFIX,
  TENANT_SLUG_MAX_LENGTH,
  tenantDatabaseName,
  tenantSlug,
} from '../src/spi.js';

describe('tenantSlug', () => {
  it('keeps lower-case letters and digits as they are', () => {
    expect(tenantSlug('acme123')).toBe('acme123');
  });

  it('gives tenant-1, tenant_1, tenant.1 and Tenant-1 different slugs', () => {
    const slugs = ['tenant-1', 'tenant_1', 'tenant.1', 'Tenant-1', 'tenant1'].map(tenantSlug);
    expect(new Set(slugs).size).toBe(5);
    expect(slugs).toEqual(['tenant_01', 'tenant_11', 'tenant_21', '_tenant_01', 'tenant1']);
  });

  it('is injective over every short id of the allowed alphabet', () => {
    const alphabet = ['a', 'A', '0', '-', '_', '.'];
    const ids = alphabet.flatMap((a) => alphabet.flatMap((b) => alphabet.map((c) => a + b + c)));
    expect(new Set(ids.map(tenantSlug)).size).toBe(ids.length);
  });

  it('produces only lower-case letters, digits and underscores', () => {
    expect(tenantSlug('Tenant-ACME_eu.1')).toMatch(/^[a-z0-9_]+$/);
  });

  it('refuses empty ids', () => {
    expect(() => tenantSlug('')).toThrow(ValidationError);
  });

  it('refuses ids with characters outside the allowed set', () => {
    expect(() => tenantSlug('acme corp')).toThrow(/letters, digits/);
    expect(() => tenantSlug('acme";drop')).toThrow(ValidationError);
    expect(() => tenantSlug('ümlaut')).toThrow(ValidationError);
  });

  it('refuses ids whose encoding would not fit a database name', () => {
    expect(tenantSlug('a'.repeat(TENANT_SLUG_MAX_LENGTH))).toHaveLength(TENANT_SLUG_MAX_LENGTH);
    expect(() => tenantSlug('A'.repeat(40))).toThrow(/too long/);
  });
});

describe('tenantDatabaseName', () => {
  it('prefixes the slug, so every backend names a tenant database the same way', () => {
    expect(tenantDatabaseName('tenant-1')).toBe(`${TENANT_DATABASE_PREFIX}tenant_01`);
    expect(tenantDatabaseName('tenant-1')).not.toBe(tenantDatabaseName('tenant_1'));
  });
});
