import { z } from 'zod';
import { DATE_RANGE_PROBLEM, dateOutsideRange } from './date-range.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { ID_FIELD, unwrap } from './field-descriptor.js';
import type { Model } from './model.js';
import { MAX_VALUE_DEPTH, nestsDeeperThan } from './nesting-depth.js';
import { quoteInput } from './quoted-input.js';
import { containsUnstorableText, findUnstorableText, unstorableTextReason } from './storable-text.js';
import { inputPassesThrough } from './validation-only-schema.js';

const MAX_ID_LENGTH = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\u0000-\u001f\u007f]/;

type Data = Record<string, unknown>;

export interface ParsedInput {
  readonly data?: Data;
  readonly issues: readonly ValidationIssue[];
}

// Batches parse every row: the all-clean path allocates nothing but zod's output.
const NO_ISSUES: readonly ValidationIssue[] = Object.freeze([]);

function issuesOf(error: z.ZodError, row?: number): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
    ...(row === undefined ? {} : { row }),
  }));
}

function unknownFieldIssues(
  model: Model,
  input: Data,
  row: number | undefined,
  allowId: boolean,
): readonly ValidationIssue[] {
  const shape = model.schema.shape;
  let issues: ValidationIssue[] | undefined;
  for (const key in input) {
    if ((key === ID_FIELD && allowId) || Object.hasOwn(shape, key)) continue;
    issues ??= [];
    issues.push({
      path: [key],
      message: `unknown field ${quoteInput(key)} (fields of ${model.key}: ${Object.keys(shape).join(', ')})`,
      ...(row === undefined ? {} : { row }),
    });
  }
  return issues ?? NO_ISSUES;
}

/** Field values nested deeper than the limit: refused before zod or any other recursive code walks them. */
function tooDeepIssues(input: Data, row: number | undefined): readonly ValidationIssue[] {
  let issues: ValidationIssue[] | undefined;
  for (const key in input) {
    const value = input[key];
    if (value === null || typeof value !== 'object' || value instanceof Date) continue;
    if (!nestsDeeperThan(value, MAX_VALUE_DEPTH)) continue;
    issues ??= [];
    issues.push({
      path: [key],
      message: `the value nests deeper than ${MAX_VALUE_DEPTH} levels`,
      ...(row === undefined ? {} : { row }),
    });
  }
  return issues ?? NO_ISSUES;
}

/** Why a value cannot be a record id, or undefined when it can. */
export function recordIdProblem(value: unknown): string | undefined {
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_ID_LENGTH &&
    !CONTROL.test(value)
  ) {
    return unstorableTextReason(value);
  }
  return `id must be a non-empty string of at most ${MAX_ID_LENGTH} characters without control characters`;
}

function idIssue(value: unknown, row: number | undefined): ValidationIssue | undefined {
  if (value === undefined) return undefined;
  const message = recordIdProblem(value);
  return message === undefined
    ? undefined
    : { path: [ID_FIELD], message, ...(row === undefined ? {} : { row }) };
}

const textFieldsByModel = new WeakMap<Model, readonly string[]>();

/** The fields that can hold strings: the only ones worth scanning, row after row. */
function textFields(model: Model): readonly string[] {
  let names = textFieldsByModel.get(model);
  if (!names) {
    const holdsText = model.fields.filter(
      (field) => !['integer', 'number', 'boolean', 'date'].includes(field.kind),
    );
    names = [ID_FIELD, ...holdsText.map((field) => field.name)];
    textFieldsByModel.set(model, names);
  }
  return names;
}

function unstorableTextIssues(model: Model, data: Data, row: number | undefined): readonly ValidationIssue[] {
  let suspect = false;
  for (const name of textFields(model)) {
    if (containsUnstorableText(data[name])) {
      suspect = true;
      break;
    }
  }
  if (!suspect) return NO_ISSUES;
  const issue = findUnstorableText(data, []);
  return issue ? [{ ...issue, ...(row === undefined ? {} : { row }) }] : [];
}

const dateFieldsByModel = new WeakMap<Model, readonly string[]>();

/** Dates outside DATE_RANGE: some backend could not store them, or not partition by them. */
function dateRangeIssues(model: Model, data: Data, row: number | undefined): readonly ValidationIssue[] {
  let names = dateFieldsByModel.get(model);
  if (!names) {
    names = model.fields.filter((field) => field.kind === 'date').map((field) => field.name);
    dateFieldsByModel.set(model, names);
  }
  let issues: ValidationIssue[] | undefined;
  for (const name of names) {
    const value = data[name];
    if (!(value instanceof Date) || dateOutsideRange(value) === undefined) continue;
    issues ??= [];
    issues.push({ path: [name], message: DATE_RANGE_PROBLEM, ...(row === undefined ? {} : { row }) });
  }
  return issues ?? NO_ISSUES;
}

const setFieldsByModel = new WeakMap<Model, readonly string[]>();

/** Backends store set fields as arrays; the normalizer turns them back into Sets. */
function setsToArrays(model: Model, data: Data): Data {
  let setFields = setFieldsByModel.get(model);
  if (!setFields) {
    setFields = model.fields.filter((field) => field.container === 'set').map((field) => field.name);
    setFieldsByModel.set(model, setFields);
  }
  for (const name of setFields) {
    const value = data[name];
    if (value instanceof Set) data[name] = [...value];
  }
  return data;
}

function isPlainObject(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Validates what `create` receives: the model's schema (with its refinements and
 * defaults), unknown fields refused, and an optional caller-chosen `id`.
 */
export function parseCreateInput(model: Model, input: unknown, row?: number): ParsedInput {
  if (!isPlainObject(input)) {
    return { issues: [{ path: [], message: 'expected an object', ...(row === undefined ? {} : { row }) }] };
  }
  const tooDeep = tooDeepIssues(input, row);
  if (tooDeep.length > 0) return { issues: tooDeep };
  const unknown = unknownFieldIssues(model, input, row, true);
  const badId = idIssue(input[ID_FIELD], row);
  const parsed = model.schema.safeParse(input);
  if (unknown.length > 0 || badId || !parsed.success) {
    return {
      issues: [...unknown, ...(badId ? [badId] : []), ...(parsed.success ? [] : issuesOf(parsed.error, row))],
    };
  }
  let data: Data;
  if (inputPassesThrough(model)) data = input;
  else {
    data = setsToArrays(model, parsed.data);
    if (input[ID_FIELD] !== undefined) data[ID_FIELD] = input[ID_FIELD];
  }
  const textIssues = unstorableTextIssues(model, data, row);
  if (textIssues.length > 0) return { issues: textIssues };
  const dateIssues = dateRangeIssues(model, data, row);
  return dateIssues.length > 0 ? { issues: dateIssues } : { data, issues: NO_ISSUES };
}

const patchSchemas = new WeakMap<Model, z.ZodObject>();

/**
 * A patch may set any subset of fields; `null` clears an optional or nullable
 * field. Defaults are not applied: a patch only changes what it names.
 */
function patchSchema(model: Model): z.ZodObject {
  let schema = patchSchemas.get(model);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, fieldSchema] of Object.entries(model.schema.shape)) {
      const { core, optional, nullable } = unwrap(fieldSchema as z.ZodType);
      shape[name] = (optional || nullable ? core.nullable() : core).optional();
    }
    schema = z.object(shape);
    patchSchemas.set(model, schema);
  }
  return schema;
}

export function parseUpdateInput(model: Model, input: unknown): ParsedInput {
  if (!isPlainObject(input)) return { issues: [{ path: [], message: 'expected an object' }] };
  const tooDeep = tooDeepIssues(input, undefined);
  if (tooDeep.length > 0) return { issues: tooDeep };
  const issues = [...unknownFieldIssues(model, input, undefined, false)];
  if (ID_FIELD in input) issues.push({ path: [ID_FIELD], message: 'the id of a record cannot be changed' });
  const parsed = patchSchema(model).safeParse(input);
  if (!parsed.success) issues.push(...issuesOf(parsed.error));
  if (issues.length > 0 || !parsed.success) return { issues };
  // Keep only keys the caller gave a value: zod keeps `{ note: undefined }`, which
  // means "not given" here (null is how a patch clears a field).
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  const data = setsToArrays(model, given);
  const textIssues = unstorableTextIssues(model, data, undefined);
  if (textIssues.length > 0) return { issues: textIssues };
  const dateIssues = dateRangeIssues(model, data, undefined);
  return dateIssues.length > 0 ? { issues: dateIssues } : { data, issues };
}

export function assertValid(model: Model, parsed: ParsedInput, what: string): Data {
  if (!parsed.data || parsed.issues.length > 0) {
    throw new ValidationError(`Invalid ${what} for ${model.key}`, parsed.issues);
  }
  return parsed.data;
}
