import {
  type FieldDescriptor,
  type FieldKind,
  ID_FIELD,
  type Model,
  quoteInput,
  ValidationError,
} from '@sqh/core/spi';

export type MetricFunction =
  | 'count'
  | 'countDistinct'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'stddev'
  | 'percentile';

/** One parsed metric: a whitelisted function over a field of the model. */
export interface Metric {
  readonly fn: MetricFunction;
  /** Absent only for COUNT(*). */
  readonly field?: FieldDescriptor;
  /** percentile: the fraction in [0, 1]. */
  readonly fraction?: number;
}

/** The structured form: `{ avg: 'value' }`, `{ count: '*' }`, `{ percentile: { field: 'value', p: 0.9 } }`. */
export type StructuredMetric =
  | { readonly count: string }
  | { readonly countDistinct: string }
  | { readonly sum: string }
  | { readonly avg: string }
  | { readonly min: string }
  | { readonly max: string }
  | { readonly stddev: string }
  | { readonly percentile: { readonly field: string; readonly p: number } };

/** `'AVG(value)'` (the epic's form, parsed, never pasted into SQL) or the structured form. */
export type MetricInput = string | StructuredMetric;

const NUMERIC: ReadonlySet<FieldKind> = new Set(['integer', 'number']);
const ORDERED: ReadonlySet<FieldKind> = new Set(['integer', 'number', 'date', 'string', 'enum']);

/**
 * The grammar, whole: NAME '(' [DISTINCT] ( '*' | FIELD ) [',' FRACTION] ')'.
 * FIELD is a model field name; anything else (quotes, operators, nested calls,
 * a second statement) does not match and is refused.
 */
const METRIC_TEXT =
  /^\s*([A-Za-z_]+)\s*\(\s*(DISTINCT\s+)?(\*|[A-Za-z_][A-Za-z0-9_]*)\s*(?:,\s*([0-9]*\.?[0-9]+)\s*)?\)\s*$/i;

const TEXT_FUNCTIONS: Readonly<Record<string, MetricFunction>> = {
  count: 'count',
  sum: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
  stddev: 'stddev',
  percentile: 'percentile',
  percentile_cont: 'percentile',
  median: 'percentile',
};

const GRAMMAR_HINT =
  'write COUNT(*), COUNT(field), COUNT(DISTINCT field), SUM(field), AVG(field), MIN(field), MAX(field), ' +
  'STDDEV(field), PERCENTILE(field, 0.95) or MEDIAN(field)';

/** Parses and checks one metric against the model; `path` names it in errors. */
export function parseMetric(model: Model, input: unknown, path: readonly (string | number)[]): Metric {
  if (typeof input === 'string') return parseText(model, input, path);
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    return parseStructured(model, input as Record<string, unknown>, path);
  }
  throw invalid(model, path, `expected a metric expression (${GRAMMAR_HINT}) or a structured metric`);
}

function parseText(model: Model, text: string, path: readonly (string | number)[]): Metric {
  const match = METRIC_TEXT.exec(text);
  const name = match?.[1]?.toLowerCase();
  const fn = name === undefined ? undefined : TEXT_FUNCTIONS[name];
  if (!match || fn === undefined) throw invalid(model, path, `not a metric expression: ${GRAMMAR_HINT}`);
  const distinct = match[2] !== undefined;
  const target = match[3] as string;
  const fractionText = match[4];
  if (distinct && fn !== 'count')
    throw invalid(model, path, 'DISTINCT is only allowed in COUNT(DISTINCT field)');
  if (target === '*') {
    if (fn !== 'count' || distinct) throw invalid(model, path, "'*' is only allowed in COUNT(*)");
    if (fractionText !== undefined) throw invalid(model, path, 'COUNT takes one argument');
    return { fn: 'count' };
  }
  const chosen: MetricFunction = distinct ? 'countDistinct' : fn;
  if (name === 'median') {
    if (fractionText !== undefined) throw invalid(model, path, 'MEDIAN takes one argument');
    return checked(model, { fn: 'percentile', fraction: 0.5 }, target, path);
  }
  if (chosen === 'percentile') {
    if (fractionText === undefined)
      throw invalid(model, path, 'PERCENTILE needs a fraction: PERCENTILE(field, 0.95)');
    return checked(model, { fn: 'percentile', fraction: Number(fractionText) }, target, path);
  }
  if (fractionText !== undefined) throw invalid(model, path, `${name?.toUpperCase()} takes one argument`);
  return checked(model, { fn: chosen }, target, path);
}

function parseStructured(
  model: Model,
  input: Readonly<Record<string, unknown>>,
  path: readonly (string | number)[],
): Metric {
  const keys = Object.keys(input);
  const key = keys[0];
  const fns: readonly MetricFunction[] = [
    'count',
    'countDistinct',
    'sum',
    'avg',
    'min',
    'max',
    'stddev',
    'percentile',
  ];
  if (keys.length !== 1 || !fns.includes(key as MetricFunction)) {
    throw invalid(model, path, `a structured metric has exactly one key, one of ${fns.join(', ')}`);
  }
  const fn = key as MetricFunction;
  const argument = input[fn];
  if (fn === 'percentile') {
    const spec = argument as { field?: unknown; p?: unknown } | null;
    if (
      spec === null ||
      typeof spec !== 'object' ||
      typeof spec.field !== 'string' ||
      typeof spec.p !== 'number'
    ) {
      throw invalid(model, path, "percentile takes { field: 'name', p: 0.95 }");
    }
    return checked(model, { fn, fraction: spec.p }, spec.field, path);
  }
  if (typeof argument !== 'string') throw invalid(model, [...path, fn], 'expected a field name');
  if (fn === 'count' && argument === '*') return { fn: 'count' };
  return checked(model, { fn }, argument, [...path, fn]);
}

function checked(
  model: Model,
  metric: Omit<Metric, 'field'>,
  fieldName: string,
  path: readonly (string | number)[],
): Metric {
  const field = model.field(fieldName);
  if (!field) throw invalid(model, path, `${quoteInput(fieldName)} is not a field of ${model.key}`);
  const kind = field.name === ID_FIELD ? 'string' : field.kind;
  const needs =
    metric.fn === 'sum' || metric.fn === 'avg' || metric.fn === 'stddev' || metric.fn === 'percentile'
      ? NUMERIC
      : metric.fn === 'min' || metric.fn === 'max'
        ? ORDERED
        : undefined;
  if (needs && !needs.has(kind)) {
    throw invalid(
      model,
      path,
      `${metric.fn} needs a ${[...needs].join(' or ')} field, but '${field.name}' is ${kind}`,
    );
  }
  if (metric.fn === 'countDistinct' && kind === 'json') {
    throw invalid(model, path, `COUNT(DISTINCT ...) cannot compare nested objects ('${field.name}')`);
  }
  if (metric.fraction !== undefined && !(metric.fraction >= 0 && metric.fraction <= 1)) {
    throw invalid(model, path, 'the percentile fraction must be between 0 and 1');
  }
  return { ...metric, field };
}

function invalid(model: Model, path: readonly (string | number)[], message: string): ValidationError {
  return new ValidationError(`Invalid metric for ${model.key}`, [{ path, message }]);
}
