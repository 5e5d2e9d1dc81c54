import type { IsonBlockKind, IsonField } from './block-types.js';
import { IsonEncodeError } from './ison-errors.js';
import type { TextForm } from './string-quoting.js';
import { SPACE_OR_CONTROL } from './text-classes.js';

// ISONL writes kind, name and field names raw between `|` delimiters.
const UNSAFE_IN_ISONL_ENVELOPE = /["\\|]/;

/** Refuses a block kind or name that has no unambiguous spelling, with `INVALID_BLOCK_NAME`. */
export function assertBlockName(kind: IsonBlockKind, name: string, form: TextForm): void {
  if (kind !== 'table' && kind !== 'object') {
    throw invalidBlock(kind, name, "its kind must be 'table' or 'object'");
  }
  if (name === '') throw invalidBlock(kind, name, 'its name is empty');
  if (SPACE_OR_CONTROL.test(name))
    throw invalidBlock(kind, name, 'its name contains whitespace or a control character');
  if (form === 'isonl' && UNSAFE_IN_ISONL_ENVELOPE.test(name)) {
    throw invalidBlock(kind, name, `its name contains '"', '\\' or '|', which ISONL cannot carry`);
  }
}

/** Refuses a field name or type annotation that would read back differently, with `INVALID_FIELD_NAME`. */
export function assertField(field: IsonField, form: TextForm): void {
  const problem =
    fieldNameProblem(field.name, form) ??
    (field.type === undefined ? undefined : typeProblem(field.type, form));
  if (problem !== undefined) {
    const spelled = field.type === undefined ? field.name : `${field.name}:${field.type}`;
    throw new IsonEncodeError(
      'INVALID_FIELD_NAME',
      `Field ${JSON.stringify(spelled)} cannot be written: ${problem}.`,
    );
  }
}

/** Refuses duplicate names and dotted names that collide with a plain one (`a` and `a.b`). */
export function assertDistinctFieldPaths(names: readonly string[]): void {
  const conflict = findFieldPathConflict(names);
  if (conflict !== undefined) throw new IsonEncodeError('INVALID_FIELD_NAME', `Fields ${conflict}.`);
}

/**
 * Describes the first pair of fields a reader could not tell apart: the same
 * name twice, or `a` next to `a.b` (a dotted name is a path into `a`).
 */
export function findFieldPathConflict(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) return `'${name}' appears twice`;
    seen.add(name);
  }
  for (const name of names) {
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const prefix = name.slice(0, dot);
      if (seen.has(prefix))
        return `'${prefix}' and '${name}' clash: a dotted name is a path into '${prefix}'`;
    }
  }
  return undefined;
}

function fieldNameProblem(name: string, form: TextForm): string | undefined {
  if (name === '') return 'it is empty';
  if (SPACE_OR_CONTROL.test(name)) return 'it contains whitespace or a control character';
  if (name.includes(':')) return "it contains ':', which separates a name from its type";
  if (name.includes('|')) return "it contains '|', the ISONL delimiter";
  if (name.startsWith('#')) return "it starts with '#', which starts a comment";
  if (name.startsWith('"')) return `it starts with '"'`;
  if (form === 'isonl' && UNSAFE_IN_ISONL_ENVELOPE.test(name))
    return `it contains '"' or '\\', which ISONL cannot carry`;
  return undefined;
}

function typeProblem(type: string, form: TextForm): string | undefined {
  if (type === '') return 'its type annotation is empty';
  if (SPACE_OR_CONTROL.test(type)) return 'its type contains whitespace or a control character';
  if (type.includes('|')) return "its type contains '|', the ISONL delimiter";
  if (form === 'isonl' && UNSAFE_IN_ISONL_ENVELOPE.test(type))
    return `its type contains '"' or '\\', which ISONL cannot carry`;
  return undefined;
}

function invalidBlock(kind: string, name: string, why: string): IsonEncodeError {
  return new IsonEncodeError(
    'INVALID_BLOCK_NAME',
    `Block ${JSON.stringify(`${kind}.${name}`)} cannot be written: ${why}.`,
  );
}
