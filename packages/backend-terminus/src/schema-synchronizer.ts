import type { ClassMapping } from './class-mapping.js';
import type { JsonObject } from './json-value.js';
import { canonicalJson, evolveClass } from './schema-evolution.js';
import { TerminusApiError } from './terminus-api-error.js';
import type { CommitInfo, TerminusHttpClient, TerminusResource } from './terminus-http-client.js';

/** Attempts when another writer moves the branch between reading and writing the schema. */
const MAX_SCHEMA_ATTEMPTS = 5;

/**
 * Pushes model classes into a tenant database lazily, the first time this
 * process uses them there. Each push reads the stored schema, evolves it
 * additively (see evolveClass) and writes only the classes that change, in one
 * commit guarded by the data version it read. Concurrent callers share pushes.
 */
export class SchemaSynchronizer {
  /** database → class fingerprint → the push that put it in place. */
  private readonly synced = new Map<string, Map<string, Promise<void>>>();

  constructor(
    private readonly client: TerminusHttpClient,
    private readonly author: string,
  ) {}

  async ensure(resource: TerminusResource, mappings: readonly ClassMapping[]): Promise<void> {
    let known = this.synced.get(resource.database);
    if (!known) {
      known = new Map();
      this.synced.set(resource.database, known);
    }
    const waits: Promise<void>[] = [];
    const missing: ClassMapping[] = [];
    for (const mapping of mappings) {
      const pending = known.get(fingerprint(mapping));
      if (pending) waits.push(pending);
      else missing.push(mapping);
    }
    if (missing.length > 0) {
      const push = this.push(resource, missing);
      const registry = known;
      for (const mapping of missing) registry.set(fingerprint(mapping), push);
      push.catch(() => {
        for (const mapping of missing) {
          if (registry.get(fingerprint(mapping)) === push) registry.delete(fingerprint(mapping));
        }
      });
      waits.push(push);
    }
    await Promise.all(waits);
  }

  /** Forgets what was pushed to a database (it was dropped). */
  forget(database: string): void {
    this.synced.delete(database);
  }

  private async push(resource: TerminusResource, mappings: readonly ClassMapping[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { value: documents, dataVersion } = await this.client.getAllDocuments(resource, {
        graphType: 'schema',
      });
      const stored = new Map(
        documents
          .filter((document) => document['@type'] !== '@context')
          .map((document) => [document['@id'], document]),
      );
      const changed: JsonObject[] = [];
      for (const mapping of mappings) {
        const before = stored.get(mapping.className);
        const after = evolveClass(before, mapping.schemaDocument, mapping.model.key);
        if (before === undefined || canonicalJson(before) !== canonicalJson(after)) changed.push(after);
      }
      if (changed.length === 0) return;
      try {
        await this.client.replaceDocuments(resource, changed, {
          graphType: 'schema',
          create: true,
          ...(dataVersion === undefined ? {} : { dataVersion }),
          commit: this.commit(mappings),
        });
        return;
      } catch (error) {
        const moved = error instanceof TerminusApiError && error.errorType === 'api:DataVersionMismatch';
        if (!moved || attempt >= MAX_SCHEMA_ATTEMPTS) throw error;
      }
    }
  }

  private commit(mappings: readonly ClassMapping[]): CommitInfo {
    return {
      author: this.author,
      message: `sqh: schema for ${mappings.map((mapping) => mapping.className).join(', ')}`,
    };
  }
}

function fingerprint(mapping: ClassMapping): string {
  return canonicalJson(mapping.schemaDocument);
}
