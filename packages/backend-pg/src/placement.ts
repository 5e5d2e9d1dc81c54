import { ConfigurationError } from '@sqh/core/spi';
import { parseServerUrl, type ServerAddress } from './server-url.js';

/**
 * Maps a tenant id to the URL of the PostgreSQL server that holds its database.
 * It must answer the same for the same tenant every time: a tenant that moved
 * would find an empty database on its new server.
 */
export type Placement = (tenantId: string) => string;

/** Places tenants on servers, parsing each URL the placement returns once. */
export class TenantPlacement {
  readonly #placement: Placement | undefined;
  readonly #defaultServer: ServerAddress;
  readonly #servers = new Map<string, ServerAddress>();

  constructor(defaultServer: ServerAddress, placement?: Placement) {
    this.#defaultServer = defaultServer;
    this.#placement = placement;
  }

  serverFor(tenantId: string): ServerAddress {
    if (!this.#placement) return this.#defaultServer;
    let url: unknown;
    try {
      url = this.#placement(tenantId);
    } catch (error) {
      throw new ConfigurationError(`The placement function failed for tenant '${tenantId}'.`, {
        cause: error,
      });
    }
    if (typeof url !== 'string') {
      throw new ConfigurationError(
        `The placement function must return a server URL for tenant '${tenantId}'.`,
      );
    }
    let server = this.#servers.get(url);
    if (!server) {
      server = parseServerUrl(url, `The placement URL for tenant '${tenantId}'`);
      this.#servers.set(url, server);
    }
    return server;
  }
}
