import { ConflictError } from '@sqh/core/spi';
import type { ClassMapping } from './class-mapping.js';
import type { JsonObject } from './json-value.js';
import { canonicalJson, evolveClass } from './schema-evolution.js';
import { TerminusApiError } from './terminus-api-error.js';
import type { CommitInfo, TerminusHttpClient, TerminusResource } from './terminus-http-client.js';

/** Rounds of read-and-write before a schema push gives up (each after a short random pause). */
const MAX_SCHEMA_ATTEMPTS = 8;

/**
 * Pushes model classes into a tenant database lazily, the first time this process writes them
 * there, and answers whether a model can be read. Concurrent callers share pushes.
 *
 * A push reads the stored schema and evolves it additively (see evolveClass). It is not guarded
 * by the branch's data version: every instance write moves that version, so under steady writes
 * a guarded push would conflict again and again. Instead:
 * - classes that do not exist yet are **inserted**, which fails (and is retried after a fresh
 *   read) only if another process created one of them first;
 * - classes that exist and need a change are replaced, then read back: the change is additive,
 *   so when two processes evolve one class at once, whichever write landed last is completed by
 *   the other's next round until both see everything they need.
 * A write the stored documents would violate is refused by the server's schema check.
 */
export class SchemaSynchronizer {
  /** database → class fingerprint → the push that put it in place. */
  private readonly synced = new Map<string, Map<string, Promise<void>>>();
  /** database → fingerprints whose stored class is known to be readable as the model declares it. */
  private readonly readable = new Map<string, Set<string>>();

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

  /**
   * Whether the model's class exists, without writing anything: reads of a model whose class is
   * absent answer as an empty model. A stored class the model cannot evolve from is refused
   * (ConfigurationError) as on a write; one it would only extend is read as it is.
   */
  async canRead(resource: TerminusResource, mapping: ClassMapping): Promise<boolean> {
    const key = fingerprint(mapping);
    const known = this.synced.get(resource.database)?.get(key);
    if (known !== undefined) {
      await known;
      return true;
    }
    if (this.readable.get(resource.database)?.has(key)) return true;
    const { stored } = await this.storedClasses(resource);
    const before = stored.get(mapping.className);
    if (before === undefined) return false;
    evolveClass(before, mapping.schemaDocument, mapping.model.key);
    let readable = this.readable.get(resource.database);
    if (!readable) {
      readable = new Set();
      this.readable.set(resource.database, readable);
    }
    readable.add(key);
    return true;
  }

  /** Forgets what was pushed to a database (it was dropped). */
  forget(database: string): void {
    this.synced.delete(database);
    this.readable.delete(database);
  }

  private async storedClasses(resource: TerminusResource): Promise<{ stored: Map<string, JsonObject> }> {
    const { value: documents } = await this.client.getAllDocuments(resource, { graphType: 'schema' });
    return {
      stored: new Map(
        documents
          .filter((document) => document['@type'] !== '@context')
          .map((document) => [String(document['@id']), document]),
      ),
    };
  }

  private async push(resource: TerminusResource, mappings: readonly ClassMapping[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { stored } = await this.storedClasses(resource);
      const absent: JsonObject[] = [];
      const changed: JsonObject[] = [];
      for (const mapping of mappings) {
        const before = stored.get(mapping.className);
        const after = evolveClass(before, mapping.schemaDocument, mapping.model.key);
        if (before === undefined) absent.push(after);
        else if (canonicalJson(before) !== canonicalJson(after)) changed.push(after);
      }
      if (absent.length === 0 && changed.length === 0) return;
      if (attempt > MAX_SCHEMA_ATTEMPTS) {
        throw new ConflictError(
          `The TerminusDB classes ${mappings.map((mapping) => mapping.className).join(', ')} could not be put in place ` +
            `after ${MAX_SCHEMA_ATTEMPTS} rounds: other processes keep changing them; retry.`,
        );
      }
      try {
        if (changed.length === 0) {
          await this.client.insertDocuments(resource, absent, {
            graphType: 'schema',
            commit: this.commit(mappings),
          });
          return;
        }
        // Read back in the next round: a concurrent push may have replaced the same class.
        await this.client.replaceDocuments(resource, [...changed, ...absent], {
          graphType: 'schema',
          create: true,
          commit: this.commit(mappings),
        });
      } catch (error) {
        if (!isRace(error)) throw error;
        await pause(attempt);
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

/** Another process created a class first, or wrote between this one's read and write. */
function isRace(error: unknown): boolean {
  return (
    error instanceof TerminusApiError &&
    (error.errorType === 'api:DocumentIdAlreadyExists' ||
      error.errorType === 'api:SameDocumentIdsMutatedInOneTransaction' ||
      error.errorType === 'api:DataVersionMismatch')
  );
}

/** A random pause growing with the attempt (at most ~0.5 s), so racing processes spread out. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(10 * 2 ** attempt, 500);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fingerprint(mapping: ClassMapping): string {
  return canonicalJson(mapping.schemaDocument);
}
