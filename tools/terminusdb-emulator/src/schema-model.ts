/** How many values a field holds and whether they are ordered. */
export type Cardinality = 'required' | 'optional' | 'set' | 'list' | 'array';

export interface FieldSpec {
  readonly name: string;
  readonly cardinality: Cardinality;
  /** An xsd type (`xsd:string`) or the name of a class or enum in the schema. */
  readonly target: string;
  /** Field-level `@unfold`: GET inlines the documents this field links to. */
  readonly unfold?: boolean;
  /** `Set` (and `Cardinality`) bounds, checked on every write. */
  readonly minCardinality?: number;
  readonly maxCardinality?: number;
}

/** The `@key` strategy of a class; `None` when the class declares no key. */
export type KeySpec =
  | { readonly type: 'Lexical' | 'Hash'; readonly fields: readonly string[] }
  | { readonly type: 'ValueHash' | 'Random' | 'None' };

export interface ClassSpec {
  readonly kind: 'class';
  readonly id: string;
  /** The class-level `@base`: generated ids start with it instead of `Class/`. */
  readonly base?: string;
  /** `@unfoldable`: GET inlines documents of this class where they are linked. */
  readonly unfoldable: boolean;
  readonly key: KeySpec;
  readonly subdocument: boolean;
  readonly abstract: boolean;
  readonly parents: readonly string[];
  /** Own and inherited fields, ancestors' first. */
  readonly fields: readonly FieldSpec[];
}

export interface EnumSpec {
  readonly kind: 'enum';
  readonly id: string;
  readonly values: readonly string[];
}

export type SchemaEntry = ClassSpec | EnumSpec;

/** The parsed schema of one database: classes, enums and the subclass relation. */
export class SchemaIndex {
  constructor(private readonly entries: ReadonlyMap<string, SchemaEntry>) {}

  classNamed(name: string): ClassSpec | undefined {
    const entry = this.entries.get(name);
    return entry?.kind === 'class' ? entry : undefined;
  }

  enumNamed(name: string): EnumSpec | undefined {
    const entry = this.entries.get(name);
    return entry?.kind === 'enum' ? entry : undefined;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** True when `child` is `ancestor` or inherits from it, directly or not. */
  isSubclassOf(child: string, ancestor: string): boolean {
    if (child === ancestor) return true;
    const spec = this.classNamed(child);
    return spec?.parents.some((parent) => this.isSubclassOf(parent, ancestor)) === true;
  }

  /** `name` and all its ancestors. */
  ancestorsOf(name: string): string[] {
    const spec = this.classNamed(name);
    if (spec === undefined) return [name];
    return [name, ...spec.parents.flatMap((parent) => this.ancestorsOf(parent))];
  }

  /** The classes that can be instantiated where `name` is expected: itself and its subclasses, not abstract. */
  concreteSubclassesOf(name: string): ClassSpec[] {
    return [...this.entries.values()].filter(
      (entry): entry is ClassSpec =>
        entry.kind === 'class' && !entry.abstract && this.isSubclassOf(entry.id, name),
    );
  }

  field(className: string, fieldName: string): FieldSpec | undefined {
    return this.classNamed(className)?.fields.find((field) => field.name === fieldName);
  }
}
