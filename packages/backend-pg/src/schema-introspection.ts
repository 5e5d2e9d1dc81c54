import type { PoolClient } from 'pg';
import { quoteIdentifier } from './sql-identifier.js';

export interface ExistingColumn {
  readonly name: string;
  /** In the spelling table-mapping uses, e.g. `VARCHAR(20)`, `TIMESTAMPTZ`, `TEXT[]`. */
  readonly type: string;
  readonly nullable: boolean;
}

/** What sqh needs to know about a table that already exists. */
export interface ExistingTable {
  readonly columns: ReadonlyMap<string, ExistingColumn>;
  /** The range partition column, or null for a plain table. */
  readonly partitionColumn: string | null;
  readonly checkConstraints: readonly string[];
  readonly indexes: ReadonlySet<string>;
}

interface ColumnRow {
  column_name: string;
  data_type: string;
  udt_name: string;
  character_maximum_length: number | null;
  is_nullable: 'YES' | 'NO';
}

const TYPE_SPELLING: Readonly<Record<string, string>> = {
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  'double precision': 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  'timestamp with time zone': 'TIMESTAMPTZ',
  jsonb: 'JSONB',
};

function spell(row: ColumnRow): string {
  if (row.data_type === 'character varying') {
    return row.character_maximum_length === null ? 'VARCHAR' : `VARCHAR(${row.character_maximum_length})`;
  }
  if (row.data_type === 'ARRAY')
    return row.udt_name === '_text' ? 'TEXT[]' : `${row.udt_name.slice(1).toUpperCase()}[]`;
  return TYPE_SPELLING[row.data_type] ?? row.data_type.toUpperCase();
}

/** Reads a table of the current schema from the catalogs; undefined when it does not exist. */
export async function introspectTable(client: PoolClient, table: string): Promise<ExistingTable | undefined> {
  const relation = await client.query<{ partition_column: string | null }>(
    `SELECT (SELECT a.attname FROM pg_partitioned_table p
               JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
              WHERE p.partrelid = c.oid) AS partition_column
       FROM pg_class c WHERE c.oid = to_regclass($1)`,
    [quoteIdentifier(table)],
  );
  const found = relation.rows[0];
  if (!found) return undefined;
  // One client runs one statement at a time, so these go one after another.
  const columns = await client.query<ColumnRow>(
    `SELECT column_name, data_type, udt_name, character_maximum_length, is_nullable
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1
      ORDER BY ordinal_position`,
    [table],
  );
  const constraints = await client.query<{ conname: string }>(
    `SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'c'`,
    [quoteIdentifier(table)],
  );
  const indexes = await client.query<{ indexname: string }>(
    'SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1',
    [table],
  );
  return {
    columns: new Map(
      columns.rows.map((row) => [
        row.column_name,
        { name: row.column_name, type: spell(row), nullable: row.is_nullable === 'YES' },
      ]),
    ),
    partitionColumn: found.partition_column,
    checkConstraints: constraints.rows.map((row) => row.conname),
    indexes: new Set(indexes.rows.map((row) => row.indexname)),
  };
}
