import {
  type BackendCapabilities,
  createServiceToken,
  type Model,
  type SqhRecord,
  type StorageBackendKey,
} from '@sqh/core/spi';
import type { ClassMapping } from './class-mapping.js';
import type { JsonObject } from './json-value.js';
import type { TerminusHttpClient, TerminusResource } from './terminus-http-client.js';

/**
 * What the TerminusDB plugin shares with services built on it (a graph query
 * service): the connection, the tenant → database rule, the model → class
 * mapping, and the way documents become records and failures become core errors.
 */
export interface TerminusBackendService {
  /** The storage key the backend serves; models with `storage.backend` equal to it are its models. */
  readonly key: StorageBackendKey;
  /** What the backend declares it can do (services check a flag, never a backend name). */
  readonly capabilities: BackendCapabilities;
  readonly client: TerminusHttpClient;
  readonly organization: string;
  /** The tenant's database (`sqh_tenant_{slug}`), without creating it. */
  databaseFor(tenantId: string): TerminusResource;
  /** Creates the tenant's database and pushes the model's class (and the classes it links to) when needed. */
  prepareTenant(tenantId: string, model: Model): Promise<TerminusResource>;
  classMapping(model: Model): ClassMapping;
  /** A record id, with or without its class prefix, as the model's document id. */
  documentId(model: Model, id: string): string;
  /** The record id inside a document id (as WOQL bindings report nodes). */
  recordId(documentId: string): string;
  /** A document read from TerminusDB as a record of the model. */
  decode(model: Model, document: JsonObject): SqhRecord;
  /** A failure of the client as the core error to throw (`action` e.g. `pathQuery on crm/AppCRMAccount`). */
  translateError(error: unknown, action: string): unknown;
  /** Deletes the tenant's database and everything in it. */
  dropTenant(tenantId: string): Promise<void>;
}

export const TERMINUS_BACKEND = createServiceToken<TerminusBackendService>('sqh.backend-terminus');
