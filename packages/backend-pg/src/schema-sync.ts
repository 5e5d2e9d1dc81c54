import type { DatabaseFeatures } from './database-features.js';
import { caseFolded } from './filter-compiler.js';
import { PromiseCache } from './promise-cache.js';
import { type ExistingTable, introspectTable } from './schema-introspection.js';
import { type SchemaDifference, SchemaMismatchError } from './schema-mismatch-error.js';
import { derivedIdentifier, quoteIdentifier } from './sql-identifier.js';
import {
  type ColumnMapping,
  columnDefinition,
  createTableStatement,
  enumCheckDefinition,
  enumConstraintName,
  enumConstraintPrefix,
  type TableMapping,
} from './table-mapping.js';
import type { TenantEngine } from './tenant-engine.js';

/** A DDL statement, and what it means when stored rows make it fail. */
interface Change {
  readonly sql: string;
  readonly whenRowsViolate?: SchemaDifference;
}

const CHECK_VIOLATION = '23514';

/**
 * Creates each model's table lazily and keeps it in line with the model.
 * Within a process, one promise per (engine, table) makes the work happen once
 * however many calls race; across processes, an advisory lock held for the
 * transaction serialises the introspect-then-alter sequence.
 */
export class SchemaSync {
  private readonly synced = new PromiseCache<TenantEngine, void>();

  ensure(engine: TenantEngine, mapping: TableMapping, features: DatabaseFeatures): Promise<void> {
    return this.synced.get(engine, mapping.table, () => synchronize(engine, mapping, features));
  }
}

async function synchronize(
  engine: TenantEngine,
  mapping: TableMapping,
  features: DatabaseFeatures,
): Promise<void> {
  await engine.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sqh.schema.${mapping.table}`]);
    const existing = await introspectTable(client, mapping.table);
    const changes = existing ? planChanges(mapping, existing, features) : planCreation(mapping, features);
    for (const change of changes) {
      try {
        await client.query(change.sql);
      } catch (error) {
        if (change.whenRowsViolate && (error as { code?: unknown }).code === CHECK_VIOLATION) {
          throw new SchemaMismatchError(mapping.modelKey, mapping.table, [change.whenRowsViolate]);
        }
        throw error;
      }
    }
  });
}

function trigramIndexName(mapping: TableMapping, column: string): string {
  return derivedIdentifier(`${mapping.table}_${column}`, '_trgm');
}

function trigramIndexes(
  mapping: TableMapping,
  features: DatabaseFeatures,
  existing?: ReadonlySet<string>,
): Change[] {
  if (!features.trigram) return [];
  return mapping.trigramColumns
    .filter((column) => !existing?.has(trigramIndexName(mapping, column)))
    .map((column) => ({
      sql:
        `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(trigramIndexName(mapping, column))} ON ${quoteIdentifier(mapping.table)} ` +
        `USING gin (${caseFolded(column, features)} gin_trgm_ops)`,
    }));
}

function planCreation(mapping: TableMapping, features: DatabaseFeatures): Change[] {
  return [{ sql: createTableStatement(mapping) }, ...trigramIndexes(mapping, features)];
}

/**
 * The changes that bring an existing table in line with its model, or a
 * SchemaMismatchError listing every difference sqh will not resolve itself.
 * Safe changes: a new nullable column, NOT NULL relaxed, enum values changed
 * (re-checked against stored rows), missing search indexes.
 */
export function planChanges(
  mapping: TableMapping,
  existing: ExistingTable,
  features: DatabaseFeatures,
): Change[] {
  const differences: SchemaDifference[] = [];
  const changes: Change[] = [];
  const table = quoteIdentifier(mapping.table);

  const wanted = mapping.partition?.column ?? null;
  if (wanted !== existing.partitionColumn) {
    differences.push({
      problem:
        wanted === null
          ? `the table is partitioned by '${existing.partitionColumn}' but the model has no partitionBy`
          : existing.partitionColumn === null
            ? `the model is partitioned by '${wanted}' but the table is not partitioned`
            : `the table is partitioned by '${existing.partitionColumn}' but the model by '${wanted}'`,
    });
  }

  for (const name of existing.columns.keys()) {
    if (!mapping.columns.some((column) => column.name === name)) {
      differences.push({
        column: name,
        problem: 'the table has this column but the model has no such field (dropping it would lose data)',
      });
    }
  }

  for (const column of mapping.columns) {
    const current = existing.columns.get(column.name);
    if (!current) {
      if (column.nullable)
        changes.push({ sql: `ALTER TABLE ${table} ADD COLUMN ${columnDefinition(column)}` });
      else
        differences.push({
          column: column.name,
          problem: 'new required field: stored rows have no value for it; make it optional or nullable',
        });
      continue;
    }
    if (current.type !== column.type) {
      differences.push({
        column: column.name,
        problem: `type changed from ${current.type} to ${column.type}`,
      });
    }
    if (current.nullable && !column.nullable) {
      differences.push({
        column: column.name,
        problem: 'changed from optional to required: stored rows may have no value',
      });
    } else if (!current.nullable && column.nullable) {
      changes.push({
        sql: `ALTER TABLE ${table} ALTER COLUMN ${quoteIdentifier(column.name)} DROP NOT NULL`,
      });
    }
    changes.push(...enumChanges(mapping, column, existing.checkConstraints));
  }

  if (differences.length > 0) throw new SchemaMismatchError(mapping.modelKey, mapping.table, differences);
  return [...changes, ...trigramIndexes(mapping, features, existing.indexes)];
}

function enumChanges(mapping: TableMapping, column: ColumnMapping, constraints: readonly string[]): Change[] {
  const wanted = enumConstraintName(column);
  const prefix = enumConstraintPrefix(column.name);
  const table = quoteIdentifier(mapping.table);
  const stale = constraints.filter((name) => name.startsWith(prefix) && name !== wanted);
  const changes: Change[] = stale.map((name) => ({
    sql: `ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdentifier(name)}`,
  }));
  const check = enumCheckDefinition(column);
  if (wanted !== undefined && check !== undefined && !constraints.includes(wanted)) {
    changes.push({
      sql: `ALTER TABLE ${table} ADD ${check}`,
      whenRowsViolate: {
        column: column.name,
        problem: `its allowed values changed to ${column.allowedValues?.join(', ')}, but stored rows hold other values`,
      },
    });
  }
  return changes;
}
