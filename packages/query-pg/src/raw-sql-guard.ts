import { ValidationError } from '@sqh/core/spi';
import { hasSqlDetails, parse } from 'libpg-query';

/** Functions raw SQL may not call: sleeping, other connections, files, large objects, server control, SQL in strings. */
const DENIED_FUNCTIONS: readonly RegExp[] = [
  /^pg_sleep/,
  /^dblink/,
  /^lo_/,
  /^lo(import|export|read|write|open|close|creat|create|unlink|get|put|trunc|tell|seek)/,
  /^pg_read_(binary_)?file$/,
  /^pg_ls_/,
  /^pg_stat_file$/,
  /^pg_(terminate|cancel)_backend$/,
  /^pg_(reload_conf|rotate_logfile|promote|switch_wal|create_restore_point|backup_start|backup_stop)$/,
  /^pg_(start|stop)_backup$/,
  /^pg_(try_)?advisory/,
  /^pg_notify$/,
  /^pg_(logical|replication|create|drop|copy)_/,
  /^pg_import_system_collations$/,
  /^pg_export_snapshot$/,
  /^set_config$/,
  /^(nextval|setval)$/,
  /^(query|cursor|table|schema|database)_to_xml/,
  /^(query|cursor|table|schema|database)_to_xmlschema/,
  /^(xmlexists|xpath)$/,
  /^pg_file_/,
  /^pg_current_logfile$/,
  /^txid_current$/,
  /^pg_current_xact_id$/,
];

/** Statements that change data, nested anywhere (a data-modifying CTE). */
const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** What a checked raw statement reads: the tables it names and the parameters it uses. */
export interface CheckedSql {
  readonly tables: ReadonlySet<string>;
  /** Highest `$n` in the statement. */
  readonly parameters: number;
}

const MAX_SQL_LENGTH = 100_000;

/**
 * Accepts only one read-only SELECT, judged on PostgreSQL's own parse tree
 * (libpg-query, the server's parser compiled to WebAssembly): no second
 * statement (comments cannot hide one), no data-modifying CTE, no SELECT INTO,
 * no locking clause, no denied function, no schema-qualified table.
 */
export async function checkRawSql(sql: unknown): Promise<CheckedSql> {
  if (typeof sql !== 'string' || sql.trim().length === 0) throw refused('expected a non-empty SQL string');
  if (sql.length > MAX_SQL_LENGTH) throw refused(`the statement is longer than ${MAX_SQL_LENGTH} characters`);
  let tree: { stmts?: { stmt?: Record<string, unknown> }[] };
  try {
    tree = (await parse(sql)) as typeof tree;
  } catch (error) {
    const at = hasSqlDetails(error) ? ` at character ${error.sqlDetails?.cursorPosition}` : '';
    throw refused(`it is not valid PostgreSQL (syntax error${at})`, error);
  }
  const statements = tree.stmts ?? [];
  if (statements.length !== 1) {
    throw refused(`it holds ${statements.length} statements; send exactly one SELECT`);
  }
  const statement = statements[0]?.stmt ?? {};
  const kind = Object.keys(statement)[0];
  if (kind !== 'SelectStmt') throw refused(`only SELECT is allowed, not ${describeKind(kind)}`);

  const tables = new Set<string>();
  const cteNames = new Set<string>();
  let parameters = 0;
  walk(statement, (type, node) => {
    if (WRITES.has(type)) throw refused(`it contains ${describeKind(type)} (a data-modifying statement)`);
    switch (type) {
      case 'SelectStmt':
        if (node.intoClause) throw refused('SELECT ... INTO creates a table');
        if (Array.isArray(node.lockingClause) && node.lockingClause.length > 0) {
          throw refused('a locking clause (FOR UPDATE / FOR SHARE) is not read-only');
        }
        break;
      case 'CommonTableExpr':
        if (typeof node.ctename === 'string') cteNames.add(node.ctename);
        break;
      case 'RangeVar':
        if (node.schemaname !== undefined || node.catalogname !== undefined) {
          throw refused('tables must be named without a schema (only the models of this tenant can be read)');
        }
        tables.add(String(node.relname));
        break;
      case 'FuncCall': {
        const name = lastName(node.funcname);
        if (DENIED_FUNCTIONS.some((pattern) => pattern.test(name))) {
          throw refused(`the function ${name}() is not allowed in raw SQL`);
        }
        break;
      }
      case 'ParamRef':
        parameters = Math.max(parameters, Number(node.number ?? 0));
        break;
    }
  });
  for (const name of cteNames) tables.delete(name);
  return { tables, parameters };
}

function walk(value: unknown, visit: (type: string, node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    // Parse-tree nodes are `{ NodeType: { ...fields } }`; node types start with a capital.
    if (/^[A-Z]/.test(key) && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      visit(key, child as Record<string, unknown>);
    }
    walk(child, visit);
  }
}

function lastName(funcname: unknown): string {
  const parts = Array.isArray(funcname) ? funcname : [];
  const last = parts[parts.length - 1] as { String?: { sval?: string } } | undefined;
  return String(last?.String?.sval ?? '').toLowerCase();
}

function describeKind(kind: string | undefined): string {
  if (kind === undefined) return 'an empty statement';
  return kind
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

function refused(reason: string, cause?: unknown): ValidationError {
  return new ValidationError(
    'Raw SQL refused',
    [{ path: ['sql'], message: reason }],
    cause === undefined ? undefined : { cause },
  );
}
