import { ValidationError } from '@sqh/core/spi';

/** One ORDER BY key over output columns: the caller's column key and a direction. */
export interface OutputOrder {
  readonly key: string;
  readonly descending: boolean;
}

/** Parses `['-avg_value', 'test_type']` against the output keys of a query. */
export function parseOutputOrder(what: string, orderBy: unknown, keys: ReadonlySet<string>): OutputOrder[] {
  if (orderBy === undefined) return [];
  if (!Array.isArray(orderBy)) {
    throw new ValidationError(`Invalid orderBy for ${what}`, [
      { path: ['orderBy'], message: 'expected an array of output column names, optionally prefixed with -' },
    ]);
  }
  return orderBy.map((entry, index) => {
    const descending = typeof entry === 'string' && entry.startsWith('-');
    const key = typeof entry === 'string' ? (descending ? entry.slice(1) : entry) : undefined;
    if (key === undefined || !keys.has(key)) {
      throw new ValidationError(`Invalid orderBy for ${what}`, [
        {
          path: ['orderBy', index],
          message: `${JSON.stringify(String(entry).slice(0, 64))} is not an output column (${[...keys].join(', ')})`,
        },
      ]);
    }
    return { key, descending };
  });
}

/** Sequelize's direction for core's ordering: missing values last ascending, first descending. */
export function directionOf(order: OutputOrder): 'ASC NULLS LAST' | 'DESC NULLS FIRST' {
  return order.descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST';
}
