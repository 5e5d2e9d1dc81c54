import type { AccessContext } from '@sqh/core';

/** How an MCP server reaches one tenant's data on behalf of one configured caller. */
export interface SqhMcpServerOptions {
  /** The tenant every tool reads. */
  readonly tenantId: string;
  /** Who the language model acts as: every tool call is checked against this context's policy. */
  readonly access: AccessContext;
  /** Most rows one tool returns; past it the model is asked to narrow its query. Default 200. */
  readonly maxRows?: number;
  /** Most characters one tool result may hold. Default 60,000. */
  readonly maxChars?: number;
  /** Expose `raw_sql` (one read-only SELECT; the caller still needs its permission). Default false. */
  readonly exposeRawSql?: boolean;
  /** Expose `raw_woql` (read-only WOQL; the caller still needs its permission). Default false. */
  readonly exposeRawWoql?: boolean;
}

export interface ResolvedMcpOptions extends Required<SqhMcpServerOptions> {}

export const DEFAULT_MAX_ROWS = 200;
export const DEFAULT_MAX_CHARS = 60_000;

export function resolveOptions(options: SqhMcpServerOptions): ResolvedMcpOptions {
  return {
    tenantId: options.tenantId,
    access: options.access,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    maxChars: options.maxChars ?? DEFAULT_MAX_CHARS,
    exposeRawSql: options.exposeRawSql ?? false,
    exposeRawWoql: options.exposeRawWoql ?? false,
  };
}
