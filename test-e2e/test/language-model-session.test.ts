import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PG_BACKEND } from '@sqh/backend-pg';
import type { Sqh } from '@sqh/core';
import { composeDemo } from '@sqh/demo';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import { resolveTerminus, type TerminusTarget } from '@sqh/terminusdb-emulator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The built server, as an MCP client configuration would start it.
const serverMain = fileURLToPath(new URL('../../apps/mcp-server/dist/main.js', import.meta.url));

/** A language model's session over MCP: discover, count, summarise, walk — and the answers agree. */
describe('a language model session through the MCP server', () => {
  const tenant = `e2e-mcp-${randomBytes(4).toString('hex')}`;
  let terminus: TerminusTarget | undefined;
  let client: Client;
  let sqh: Sqh;

  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    if (result.isError) throw new Error(text);
    return text;
  };

  beforeAll(async () => {
    if (!existsSync(serverMain))
      throw new Error(`${serverMain} is missing: run \`pnpm build\` (\`pnpm test\` does).`);
    terminus = await resolveTerminus();
    sqh = await composeDemo({ postgresUrl: inject('pgUrl'), terminus });
    client = new Client({ name: 'e2e-model', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [serverMain],
        env: {
          ...(process.env as Record<string, string>),
          SQH_PG_URL: inject('pgUrl'),
          TERMINUSDB_URL: terminus.url,
          SQH_MCP_TENANT: tenant,
          SQH_MCP_USER: JSON.stringify({ id: 'sam', teamIds: ['south'], roles: ['analyst'] }),
        },
        stderr: 'ignore',
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await sqh?.get(PG_BACKEND).manager.dropDatabase(tenant);
    await sqh?.close();
    await terminus?.stop();
  });

  it('discovers the models, then counts, summarises and walks with answers that agree', async () => {
    const models = JSON.parse(await call('describe_models')) as { model: string }[];
    expect(models.map((entry) => entry.model)).toEqual(
      expect.arrayContaining(['lab/AppLabResult', 'crm/AppCRMAccount']),
    );

    const counted = await call('count_records', { model: 'lab/AppLabResult' });
    const total = Number(counted.match(/(\d+) records match/)?.[1]);
    const byTeam = JSON.parse(
      await call('aggregate', {
        model: 'lab/AppLabResult',
        groupBy: ['team', { field: 'created_at', bucket: 'quarter' }],
        metrics: { n: 'COUNT(*)' },
        format: 'json',
      }),
    ) as { team: string; n: number }[];
    const deals = await call('traverse', {
      model: 'crm/AppCRMAccount',
      startId: 'acme',
      path: 'contacts/opportunities',
    });

    expect(total).toBeGreaterThan(0);
    expect(byTeam.every((row) => row.team === 'south')).toBe(true);
    expect(byTeam.reduce((sum, row) => sum + row.n, 0)).toBe(total);
    expect(deals).toContain('table.AppCRMOpportunity');
    expect(deals).toContain('"Sensor network"');
  });
});
