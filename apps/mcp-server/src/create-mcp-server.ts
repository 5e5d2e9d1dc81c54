import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ConfigurationError, type Sqh } from '@sqh/core';
import { registerGraphQueryTools } from './graph-query-tools.js';
import { resolveOptions, type SqhMcpServerOptions } from './mcp-server-options.js';
import { visibleModels } from './model-catalog.js';
import { registerRecordTools } from './record-tools.js';
import { registerSqlQueryTools } from './sql-query-tools.js';
import { toolArguments } from './tool-arguments.js';

/**
 * An MCP server over a composed sqh: tools that read one tenant's data as one configured
 * caller, through the same access gate as every other call. Models the caller may not
 * read are not offered; raw SQL/WOQL only when the host opts in. Connect it to a
 * transport (`server.connect(new StdioServerTransport())`).
 */
export async function createSqhMcpServer(sqh: Sqh, options: SqhMcpServerOptions): Promise<McpServer> {
  const resolved = resolveOptions(options);
  const visible = await visibleModels(sqh, resolved.tenantId, resolved.access);
  if (visible.length === 0) {
    throw new ConfigurationError(
      `The configured user '${resolved.access.userId}' may read no model of tenant '${resolved.tenantId}': ` +
        'give them read permissions, or configure another user.',
    );
  }
  const server = new McpServer(
    { name: 'sqh', version: '0.1.0' },
    {
      instructions:
        `Reads tenant '${resolved.tenantId}' as '${resolved.access.userId}'. Start with describe_models. ` +
        'Answers are ISON tables by default (compact); ask for format "json" if you need JSON. ' +
        'Prefer count_records and aggregate over listing many rows.',
    },
  );
  const args = toolArguments(visible, resolved.maxRows);
  registerRecordTools(server, sqh, resolved, visible, args);
  registerSqlQueryTools(server, sqh, resolved, visible, args);
  registerGraphQueryTools(server, sqh, resolved, visible, args);
  return server;
}
