import { ValidationError } from '@sqh/core/spi';

/** A value raw SQL may bind to `$n`. */
export type RawSqlParameter = string | number | boolean | bigint | Date | null | readonly RawSqlParameter[];

function bindable(value: unknown, depth: number): boolean {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
  ) {
    return true;
  }
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return depth < 2 && Array.isArray(value) && value.every((item) => bindable(item, depth + 1));
}

/** The parameters of a raw statement: one per `$n` it uses, each a plain value. */
export function checkRawSqlParameters(params: unknown, used: number): unknown[] {
  if (!Array.isArray(params)) {
    throw new ValidationError('Raw SQL refused', [
      { path: ['params'], message: 'expected an array of values' },
    ]);
  }
  if (params.length !== used) {
    throw new ValidationError('Raw SQL refused', [
      { path: ['params'], message: `the statement uses $1..$${used} but ${params.length} values were given` },
    ]);
  }
  const bad = params.findIndex((value) => !bindable(value, 0));
  if (bad >= 0) {
    throw new ValidationError('Raw SQL refused', [
      {
        path: ['params', bad],
        message: 'expected a string, number, boolean, bigint, Date, null or an array of them',
      },
    ]);
  }
  return params;
}
