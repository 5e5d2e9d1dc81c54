export { createSqhMcpServer } from './create-mcp-server.js';
export { type McpEnvironmentConfig, mcpConfigFromEnvironment } from './mcp-environment-config.js';
export { DEFAULT_MAX_CHARS, DEFAULT_MAX_ROWS, type SqhMcpServerOptions } from './mcp-server-options.js';
