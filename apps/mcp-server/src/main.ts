#!/usr/bin/env node
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ACCESS_CONTEXT_BUILDER } from '@sqh/access';
import { isSqhError } from '@sqh/core';
import { composeDemo, prepareEnvironment } from '@sqh/demo';
import { createSqhMcpServer } from './create-mcp-server.js';
import { mcpConfigFromEnvironment } from './mcp-environment-config.js';
import { SAMPLE_LAB_ROWS, seedSampleTenant } from './sample-tenant.js';

// stdout carries the protocol: everything meant for a person goes to stderr.
const log = (line: string) => process.stderr.write(`[sqh-mcp] ${line}\n`);

try {
  const config = mcpConfigFromEnvironment();
  const environment = await prepareEnvironment();
  log(`PostgreSQL: ${environment.postgresDescription}`);
  log(`TerminusDB: ${environment.terminus.description}`);
  const sqh = await composeDemo({
    postgresUrl: environment.postgres.url,
    terminus: environment.terminus,
    sharedDatabase: process.env.SQH_SHARED_DATABASE,
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await sqh.close();
      await environment.stop();
    })();
    return stopped;
  };
  try {
    if (config.seed && (await seedSampleTenant(sqh, config.tenantId))) {
      log(
        `Loaded sample data into tenant ${config.tenantId} (${SAMPLE_LAB_ROWS} lab results, notes, a small CRM).`,
      );
    }
    const access = sqh.get(ACCESS_CONTEXT_BUILDER).build(config.user, config.tenantId);
    const server = await createSqhMcpServer(sqh, { ...config, access });
    const transport = new StdioServerTransport();
    transport.onclose = () => void stop();
    process.stdin.once('end', () => void stop());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void stop().finally(() => process.exit(0)));
    }
    await server.connect(transport);
    log(`Serving tenant ${config.tenantId} as '${access.userId}' over stdio.`);
  } catch (error) {
    await stop();
    throw error;
  }
} catch (error) {
  log(`Could not start: ${isSqhError(error) ? `${error.code}: ${error.message}` : String(error)}`);
  process.exitCode = 1;
}
