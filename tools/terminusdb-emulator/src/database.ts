import { newVersionId } from './data-version.js';
import { DEFAULT_PREFIXES, IriContext } from './iri-context.js';
import type { JsonObject } from './json-types.js';
import type { SchemaIndex } from './schema-model.js';
import { parseSchema } from './schema-parser.js';
import type { StoredDocument } from './stored-document.js';

/** The schema graph: the `@context` document, the class and enum documents, and their parsed index. */
export interface SchemaState {
  readonly context: JsonObject;
  readonly documents: ReadonlyMap<string, JsonObject>;
  readonly index: SchemaIndex;
  readonly iri: IriContext;
}

/** Builds (and checks) a schema state; throws the server's errors when the schema is invalid. */
export function schemaState(context: JsonObject, documents: ReadonlyMap<string, JsonObject>): SchemaState {
  const iri = iriContextOf(context);
  return { context, documents, index: parseSchema([...documents.values()], iri), iri };
}

export function contextDocument(
  base: string,
  schema: string,
  extra: Readonly<Record<string, string>>,
): JsonObject {
  return { '@type': '@context', '@base': base, '@schema': schema, ...extra };
}

function iriContextOf(context: JsonObject): IriContext {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) {
    if (!key.startsWith('@') && typeof value === 'string') extra[key] = value;
  }
  const base = context['@base'];
  const schema = context['@schema'];
  return new IriContext({
    base: typeof base === 'string' ? base : DEFAULT_PREFIXES.base,
    schema: typeof schema === 'string' ? schema : DEFAULT_PREFIXES.schema,
    extra,
  });
}

export interface DatabaseInfo {
  /** The database's IRI in the system graph (`api:database_uri` of the create answer). */
  readonly uri: string;
  readonly organization: string;
  readonly name: string;
  readonly label: string;
  readonly comment: string;
  readonly createdAt: string;
}

/**
 * One database with a single branch, `main`. Writes build a new schema state and/or instance
 * map and commit them together, so a failed request leaves the database untouched.
 */
export class Database {
  private schemaGraph: SchemaState;
  private instanceGraph: ReadonlyMap<string, StoredDocument> = new Map();
  private version = newVersionId();

  constructor(
    readonly info: DatabaseInfo,
    schema: SchemaState,
  ) {
    this.schemaGraph = schema;
  }

  get schema(): SchemaState {
    return this.schemaGraph;
  }

  /** Top-level documents by full IRI, in insertion order (replacement keeps the position). */
  get instance(): ReadonlyMap<string, StoredDocument> {
    return this.instanceGraph;
  }

  get dataVersion(): string {
    return `branch:${this.version}`;
  }

  commit(change: { schema?: SchemaState; instance?: ReadonlyMap<string, StoredDocument> }): void {
    if (change.schema !== undefined) this.schemaGraph = change.schema;
    if (change.instance !== undefined) this.instanceGraph = change.instance;
    this.version = newVersionId();
  }
}
