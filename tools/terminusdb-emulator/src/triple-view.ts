import { encodeSegment } from './id-encoding.js';
import { GLOBAL_PREFIXES, type IriContext, RDF_TYPE } from './iri-context.js';
import { documentTree, type StoredDocument, type StoredValue } from './stored-document.js';
import { literal, node, type Term } from './woql-terms.js';

export interface Triple {
  readonly subject: string;
  readonly predicate: string;
  readonly object: Term;
}

const RDF = GLOBAL_PREFIXES.rdf as string;
const SYS = GLOBAL_PREFIXES.sys as string;
const NIL = node(`${RDF}nil`);

/**
 * The instance graph as triples, derived from the stored documents the way TerminusDB stores
 * them: an `rdf:type` triple per document and subdocument, one triple per field value (sets
 * included), `rdf:List` cells for lists and `sys:Array` cells for arrays. Cells are named
 * `<document>/<field>/Cons/<i>` and `<document>/<field>/Array/<i>` (the emulator's own naming).
 */
export class TripleView {
  readonly triples: Triple[] = [];
  private readonly bySubject = new Map<string, Triple[]>();
  private readonly byNodeObject = new Map<string, Triple[]>();
  private readonly byPredicate = new Map<string, Triple[]>();
  /** Documents and subdocuments by full IRI. */
  readonly documents = new Map<string, StoredDocument>();

  constructor(
    topLevel: Iterable<StoredDocument>,
    private readonly iri: IriContext,
  ) {
    for (const top of topLevel) {
      for (const document of documentTree(top)) {
        this.documents.set(document.id, document);
        this.addDocument(document);
      }
    }
  }

  withSubject(subject: string): readonly Triple[] {
    return this.bySubject.get(subject) ?? [];
  }

  withNodeObject(object: string): readonly Triple[] {
    return this.byNodeObject.get(object) ?? [];
  }

  withPredicate(predicate: string): readonly Triple[] {
    return this.byPredicate.get(predicate) ?? [];
  }

  private addDocument(document: StoredDocument): void {
    this.add(document.id, RDF_TYPE, node(this.iri.expandSchema(document.type) ?? document.type));
    for (const [name, field] of document.fields) {
      const predicate = this.iri.expandSchema(name) ?? name;
      const objects = field.values.map((value) => this.objectOf(value));
      if (field.cardinality === 'list') this.addList(document.id, name, predicate, objects);
      else if (field.cardinality === 'array') this.addArray(document.id, name, predicate, objects);
      else for (const object of objects) this.add(document.id, predicate, object);
    }
  }

  private addList(subject: string, name: string, predicate: string, objects: Term[]): void {
    const cells = objects.map((_, index) => `${subject}/${name}/Cons/${index}`);
    this.add(subject, predicate, cells.length === 0 ? NIL : node(cells[0] as string));
    cells.forEach((cell, index) => {
      this.add(cell, RDF_TYPE, node(`${RDF}List`));
      this.add(cell, `${RDF}first`, objects[index] as Term);
      const next = cells[index + 1];
      this.add(cell, `${RDF}rest`, next === undefined ? NIL : node(next));
    });
  }

  private addArray(subject: string, name: string, predicate: string, objects: Term[]): void {
    objects.forEach((object, index) => {
      const cell = `${subject}/${name}/Array/${index}`;
      this.add(subject, predicate, node(cell));
      this.add(cell, RDF_TYPE, node(`${SYS}Array`));
      this.add(cell, `${SYS}value`, object);
      this.add(cell, `${SYS}index`, literal('xsd:nonNegativeInteger', index));
    });
  }

  private objectOf(value: StoredValue): Term {
    switch (value.kind) {
      case 'literal':
        return literal(value.type, value.value);
      case 'ref':
        return node(value.id);
      case 'enum':
        return node(`${this.iri.prefixes.schema}${value.enumType}/${encodeSegment(value.value)}`);
      case 'sub':
        return node(value.document.id);
    }
  }

  private add(subject: string, predicate: string, object: Term): void {
    const triple: Triple = { subject, predicate, object };
    this.triples.push(triple);
    push(this.bySubject, subject, triple);
    push(this.byPredicate, predicate, triple);
    if (object.kind === 'node') push(this.byNodeObject, object.iri, triple);
  }
}

function push(index: Map<string, Triple[]>, key: string, triple: Triple): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [triple]);
  else list.push(triple);
}
