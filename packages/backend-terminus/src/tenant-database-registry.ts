import { tenantDatabaseName } from '@sqh/core/spi';
import { TerminusApiError } from './terminus-api-error.js';
import type { TerminusHttpClient, TerminusResource } from './terminus-http-client.js';

/**
 * One TerminusDB database per tenant, created on first use. Creation is
 * race-safe: concurrent callers in this process share one request, and a
 * database another process created first (`api:DatabaseAlreadyExists`) counts
 * as success.
 */
export class TenantDatabaseRegistry {
  private readonly ready = new Map<string, Promise<void>>();

  constructor(
    private readonly client: TerminusHttpClient,
    readonly organization: string,
  ) {}

  resourceFor(tenantId: string): TerminusResource {
    return { organization: this.organization, database: tenantDatabaseName(tenantId) };
  }

  /** The tenant's database, created if this process has not seen it yet. */
  async ensure(tenantId: string): Promise<TerminusResource> {
    const resource = this.resourceFor(tenantId);
    let pending = this.ready.get(resource.database);
    if (!pending) {
      pending = this.create(resource, tenantId);
      this.ready.set(resource.database, pending);
      const settled = pending;
      settled.catch(() => {
        if (this.ready.get(resource.database) === settled) this.ready.delete(resource.database);
      });
    }
    await pending;
    return resource;
  }

  /**
   * Provisions the tenant's database: asks the server rather than this
   * process's memory, so a database another process dropped is created again.
   */
  async provision(tenantId: string): Promise<TerminusResource> {
    this.forget(this.resourceFor(tenantId).database);
    return this.ensure(tenantId);
  }

  /** Forgets a database that was dropped behind this process's back, so the next use creates it again. */
  forget(database: string): void {
    this.ready.delete(database);
  }

  /** Deletes the tenant's database and everything in it; a missing database is not an error. */
  async drop(tenantId: string): Promise<void> {
    const resource = this.resourceFor(tenantId);
    this.forget(resource.database);
    try {
      await this.client.deleteDatabase(resource);
    } catch (error) {
      if (!(error instanceof TerminusApiError && error.errorType === 'api:UnknownDatabase')) throw error;
    }
  }

  private async create(resource: TerminusResource, tenantId: string): Promise<void> {
    try {
      await this.client.createDatabase(resource, {
        label: `sqh tenant ${tenantId}`,
        comment: 'Created by @sqh/backend-terminus',
      });
    } catch (error) {
      if (!(error instanceof TerminusApiError && error.errorType === 'api:DatabaseAlreadyExists'))
        throw error;
    }
  }
}
