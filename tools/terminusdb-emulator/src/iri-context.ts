/** Prefixes every TerminusDB database knows, besides its own `@base` and `@schema`. */
export const GLOBAL_PREFIXES: Readonly<Record<string, string>> = {
  api: 'http://terminusdb.com/schema/api#',
  json: 'http://terminusdb.com/schema/json#',
  owl: 'http://www.w3.org/2002/07/owl#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  sys: 'http://terminusdb.com/schema/sys#',
  vio: 'http://terminusdb.com/schema/vio#',
  woql: 'http://terminusdb.com/schema/woql#',
  xdd: 'http://terminusdb.com/schema/xdd#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

/** Datatypes are written compressed (`xsd:decimal`) whichever way a query spelled them. */
export function compressDatatype(type: string): string {
  for (const [prefix, expansion] of Object.entries(GLOBAL_PREFIXES)) {
    if (type.startsWith(expansion)) return `${prefix}:${type.slice(expansion.length)}`;
  }
  return type;
}

export const RDF_TYPE = `${GLOBAL_PREFIXES.rdf}type`;

export interface DatabasePrefixes {
  readonly base: string;
  readonly schema: string;
  /** User prefixes from database creation or the schema `@context`. */
  readonly extra: Readonly<Record<string, string>>;
}

export const DEFAULT_PREFIXES: DatabasePrefixes = {
  base: 'terminusdb:///data/',
  schema: 'terminusdb:///schema#',
  extra: {},
};

const PROTOCOL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const PREFIXED = /^(@?[A-Za-z_][A-Za-z0-9_.-]*):(.*)$/s;

/** Expands and compresses IRIs against one database's prefixes, as the server does. */
export class IriContext {
  private readonly table: ReadonlyMap<string, string>;

  constructor(readonly prefixes: DatabasePrefixes) {
    this.table = new Map<string, string>([
      ['@base', prefixes.base],
      ['@schema', prefixes.schema],
      ...Object.entries(GLOBAL_PREFIXES),
      ...Object.entries(prefixes.extra),
    ]);
  }

  /** Expands an instance id (`Person/Ann`, `@base:x`, a full IRI) to a full IRI, or undefined for an unknown prefix. */
  expandInstance(id: string): string | undefined {
    return this.expand(id, this.prefixes.base);
  }

  /** Expands a class or property name (`Person`, `@schema:Person`, `xsd:string`) to a full IRI. */
  expandSchema(name: string): string | undefined {
    return this.expand(name, this.prefixes.schema);
  }

  /** Compresses a full IRI: `@base` ids lose the prefix, `@schema` names keep `@schema:`. */
  compress(iri: string): string {
    if (iri.startsWith(this.prefixes.base)) return iri.slice(this.prefixes.base.length);
    for (const [prefix, expansion] of this.table) {
      if (prefix !== '@base' && iri.startsWith(expansion)) return `${prefix}:${iri.slice(expansion.length)}`;
    }
    return iri;
  }

  /** Compresses a schema IRI to the bare class or property name used in documents. */
  compressSchema(iri: string): string {
    return iri.startsWith(this.prefixes.schema) ? iri.slice(this.prefixes.schema.length) : this.compress(iri);
  }

  private expand(value: string, relativeBase: string): string | undefined {
    if (PROTOCOL.test(value)) return value;
    const match = PREFIXED.exec(value);
    if (match !== null) {
      const expansion = this.table.get(match[1] as string);
      return expansion === undefined ? undefined : expansion + (match[2] as string);
    }
    return relativeBase + value;
  }
}
