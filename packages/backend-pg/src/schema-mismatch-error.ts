import { ConfigurationError } from '@sqh/core/spi';

/** One way an existing table differs from its model that sqh will not fix by itself. */
export interface SchemaDifference {
  readonly column?: string;
  readonly problem: string;
}

/**
 * An existing table cannot be brought in line with its model without losing or
 * inventing data (a type change, a dropped column, optional → required). sqh
 * refuses rather than guess; the message lists every difference.
 */
export class SchemaMismatchError extends ConfigurationError {
  readonly table: string;
  readonly differences: readonly SchemaDifference[];

  constructor(modelKey: string, table: string, differences: readonly SchemaDifference[]) {
    const listed = differences
      .map((d) => (d.column === undefined ? d.problem : `'${d.column}': ${d.problem}`))
      .join('; ');
    super(
      `Table '${table}' does not match model ${modelKey}: ${listed}. ` +
        'sqh only adds optional columns by itself; migrate the table by hand or change the model back.',
    );
    this.table = table;
    this.differences = Object.freeze([...differences]);
  }
}
