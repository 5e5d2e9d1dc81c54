import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { buildAccessContext } from '@sqh/access';
import type { AccessContext, Sqh } from '@sqh/core';
import { composeDemo, DEMO_ROLES, demoPeople } from '@sqh/demo';
import type {} from '@sqh/postgres-server/vitest-global-setup';
import { GRAPH_QUERY } from '@sqh/query-graph';
import { PG_QUERY } from '@sqh/query-pg';
import { resolveTerminus, type TerminusTarget } from '@sqh/terminusdb-emulator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const tenant = `mcp-test-${Math.random().toString(36).slice(2, 8)}`;
const analyst = { id: 'nora.north', teamIds: ['north'], roles: ['analyst'] };
const MAX_ROWS = 50;

function text(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

describe('the MCP server, driven by the SDK client over stdio', () => {
  // TERMINUSDB_URL selects a real TerminusDB; otherwise the emulator serves.
  let terminus: TerminusTarget;
  let client: Client;
  let sqh: Sqh;
  let north: AccessContext;
  let serverLog = '';

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  beforeAll(async () => {
    if (!existsSync(main))
      throw new Error(`${main} is missing: run \`pnpm build\` first (\`pnpm test\` does).`);
    terminus = await resolveTerminus();
    const stores = {
      postgresUrl: inject('pgUrl'),
      terminus: { url: terminus.url, user: terminus.user, key: terminus.key },
    };
    sqh = await composeDemo(stores);
    north = buildAccessContext(analyst, tenant, DEMO_ROLES);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [main],
      env: {
        ...(process.env as Record<string, string>),
        SQH_PG_URL: inject('pgUrl'),
        TERMINUSDB_URL: terminus.url,
        TERMINUSDB_USER: terminus.user,
        TERMINUSDB_KEY: terminus.key,
        SQH_MCP_TENANT: tenant,
        SQH_MCP_USER: JSON.stringify(analyst),
        SQH_MCP_MAX_ROWS: String(MAX_ROWS),
        SQH_MCP_RAW_SQL: '1',
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    client = new Client({ name: 'sqh-test', version: '1.0.0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    await sqh?.tenants.deprovision(tenant, { confirm: tenant });
    await sqh?.close();
    await terminus?.stop();
  });

  it('offers the record, SQL and graph query tools, and raw SQL only because the host enabled it', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();

    expect(names).toEqual([
      'aggregate',
      'count_records',
      'describe_models',
      'join_shared',
      'list_records',
      'path_query',
      'raw_sql',
      'search_records',
      'subgraph',
      'traverse',
    ]);
    const list = tools.find((tool) => tool.name === 'list_records');
    const model = (list?.inputSchema.properties as Record<string, { enum?: string[] }> | undefined)?.model;
    expect(model?.enum).toContain('lab/AppLabResult');
    expect(serverLog).toContain(`Serving tenant ${tenant} as 'nora.north'`);
  });

  it('describes the models with JSON Schemas derived from their zod schemas', async () => {
    const described = JSON.parse(text(await call('describe_models'))) as {
      model: string;
      visibility: string;
      fields: { properties: Record<string, { type?: string; format?: string }> };
    }[];

    const lab = described.find((entry) => entry.model === 'lab/AppLabResult');
    expect(lab?.visibility).toBe('only the records your access policy allows');
    expect(lab?.fields.properties.created_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(lab?.fields.properties.team).toMatchObject({ enum: ['north', 'south'] });
  });

  it('counts only the records the configured user may read, as the record service does', async () => {
    const admin = demoPeople(tenant).admin;
    const all = await sqh.records.count(tenant, 'lab', 'AppLabResult', undefined, { access: admin });
    const visible = await sqh.records.count(tenant, 'lab', 'AppLabResult', undefined, { access: north });

    const answer = text(await call('count_records', { model: 'lab/AppLabResult' }));

    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThan(all);
    expect(answer).toBe(`lab/AppLabResult: ${visible} records match.`);
  });

  it('lists records as JSON equal to the record service answer, and as ISON by default', async () => {
    const query = {
      filters: { test_type: 'nitrate', value: { $gte: 3 } },
      orderBy: ['-created_at', 'id'],
      limit: 5,
    };
    const expected = await sqh.records.list(tenant, 'lab', 'AppLabResult', query, { access: north });

    const json = JSON.parse(
      text(await call('list_records', { model: 'lab/AppLabResult', ...query, format: 'json' })),
    );
    const ison = text(await call('list_records', { model: 'lab/AppLabResult', ...query }));

    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(json.every((row: { team: string }) => row.team === 'north')).toBe(true);
    expect(ison).toContain('table.AppLabResult');
    expect(ison.split('\n').filter((line) => line.includes('nitrate'))).toHaveLength(expected.length);
  });

  it('asks the model to narrow its query when more rows match than it may return', async () => {
    const answer = text(await call('list_records', { model: 'lab/AppLabResult', format: 'json' }));

    expect(answer).toContain(
      `Only the first ${MAX_ROWS} matching rows are shown and more match. Narrow your query`,
    );
    expect(JSON.parse(answer.slice(0, answer.indexOf('\n\n')))).toHaveLength(MAX_ROWS);
  });

  it('aggregates in the database within the access scope, like the query service', async () => {
    const spec = {
      groupBy: ['team', { field: 'created_at', bucket: 'quarter' as const }],
      metrics: { count: 'COUNT(*)', avg_value: 'AVG(value)' },
      orderBy: ['created_at_quarter'],
    };
    const expected = await sqh
      .get(PG_QUERY)
      .aggregate(tenant, 'lab', 'AppLabResult', spec, { access: north });

    const rows = JSON.parse(
      text(await call('aggregate', { model: 'lab/AppLabResult', ...spec, format: 'json' })),
    );

    expect(rows).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row: { team: string }) => row.team === 'north')).toBe(true);
  });

  it('walks the CRM graph like the graph query service: traverse, subgraph and path_query', async () => {
    const graph = sqh.get(GRAPH_QUERY);
    const walk = { startId: 'acme', path: 'contacts/opportunities' };
    const expected = await graph.traverse(tenant, 'crm', 'AppCRMAccount', walk, { access: north });

    const json = JSON.parse(
      text(await call('traverse', { model: 'crm/AppCRMAccount', ...walk, format: 'json' })),
    );
    const ison = text(await call('traverse', { model: 'crm/AppCRMAccount', ...walk }));
    const around = text(await call('subgraph', { model: 'crm/AppCRMAccount', rootId: 'acme', depth: 2 }));
    const paths = JSON.parse(
      text(
        await call('path_query', {
          from: { model: 'crm/AppCRMAccount', id: 'acme' },
          to: { model: 'crm/AppCRMContact', id: 'ada' },
          format: 'json',
        }),
      ),
    );

    expect(expected.nodes).toHaveLength(2);
    expect(json).toEqual(JSON.parse(JSON.stringify(expected.nodes)));
    expect(ison).toContain('table.AppCRMOpportunity');
    expect(around).toContain('table.edges');
    expect(paths).toHaveLength(1);
    expect(paths[0].edges).toEqual([
      // From the account to its contact through the inverse name of the contact's `account`.
      {
        from: { model: 'crm/AppCRMAccount', id: 'acme' },
        relation: 'contacts',
        to: { model: 'crm/AppCRMContact', id: 'ada' },
      },
    ]);
  });

  it('answers a denied call with ACCESS_DENIED and what to do next', async () => {
    const result = await call('raw_sql', { sql: 'SELECT 1 AS one' });

    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^ACCESS_DENIED: .*\nThe configured user may not do this\. Do not retry/s);
  });

  it('refuses a bad argument without touching the data', async () => {
    const before = await sqh.records.count(tenant, 'lab', 'AppLabResult', undefined, { access: north });

    const unknownModel = await call('list_records', { model: 'lab/NoSuchModel' }).catch(
      (error: Error) => error,
    );
    const unknownField = await call('count_records', {
      model: 'lab/AppLabResult',
      filters: { colour: 'red' },
    });

    const unknownModelText = unknownModel instanceof Error ? unknownModel.message : text(unknownModel);
    expect(unknownModelText).toMatch(/model/i);
    expect(unknownModel instanceof Error || unknownModel.isError === true).toBe(true);
    expect(unknownField.isError).toBe(true);
    expect(text(unknownField)).toMatch(/colour/);
    expect(await sqh.records.count(tenant, 'lab', 'AppLabResult', undefined, { access: north })).toBe(before);
  });
});
