import { createHash } from 'node:crypto';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { Statement } from './record-statements.js';
import type { TenantEngine } from './tenant-engine.js';

const DEFAULT_CAPACITY = 256;

/**
 * Runs statements as named prepared statements, so each connection parses and
 * plans a statement once instead of on every call. Statement texts depend on
 * a filter's shape (never its values), but shapes can still be many; a
 * connection cannot forget a name, so only the first `capacity` distinct texts
 * get one and the rest run unnamed.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(private readonly capacity: number = DEFAULT_CAPACITY) {}

  run<R extends QueryResultRow>(engine: TenantEngine, statement: Statement): Promise<QueryResult<R>> {
    const name = this.nameFor(statement.text);
    if (name === undefined) return engine.query<R>(statement.text, statement.values);
    return engine.withClient((client) =>
      client.query<R>({ name, text: statement.text, values: statement.values }),
    );
  }

  /** The same on a connection the caller already holds, e.g. inside a transaction. */
  runOn<R extends QueryResultRow>(client: PoolClient, statement: Statement): Promise<QueryResult<R>> {
    const name = this.nameFor(statement.text);
    return client.query<R>({ ...(name === undefined ? {} : { name }), ...statement });
  }

  private nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.capacity) return known;
    // Derived from the text, so two backends sharing a pool never give one name two texts.
    const name = `sqh_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}
