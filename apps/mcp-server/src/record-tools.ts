import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { FilterInput, Sqh } from '@sqh/core';
import { z } from 'zod';
import type { ResolvedMcpOptions } from './mcp-server-options.js';
import { describeModel, modelResolver, type VisibleModel } from './model-catalog.js';
import { READ_ONLY, type ToolArguments } from './tool-arguments.js';
import { answer, rowBound, rowsResult, textResult } from './tool-result.js';

/** describe_models, list_records, search_records and count_records: the record service, read-only. */
export function registerRecordTools(
  server: McpServer,
  sqh: Sqh,
  options: ResolvedMcpOptions,
  visible: readonly VisibleModel[],
  args: ToolArguments,
): void {
  const { tenantId, access, maxRows, maxChars } = options;
  const target = modelResolver(visible);

  server.registerTool(
    'describe_models',
    {
      title: 'Describe models',
      description: `The models of tenant ${tenantId} you may read: store, fields (JSON Schema), relations.`,
      inputSchema: {},
      annotations: READ_ONLY,
    },
    () => answer(async () => textResult(JSON.stringify(visible.map(describeModel), null, 1), maxChars)),
  );

  server.registerTool(
    'list_records',
    {
      title: 'List records',
      description: 'Records of one model that match the filters, sorted and limited.',
      inputSchema: {
        model: args.model,
        filters: args.filters,
        orderBy: args.orderBy,
        limit: args.limit,
        format: args.format,
      },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const model = target(input.model);
        const { shown, fetched } = rowBound(input.limit, maxRows);
        const rows = await sqh.records.list(
          tenantId,
          model.group,
          model.name,
          { filters: input.filters as FilterInput | undefined, orderBy: input.orderBy, limit: fetched },
          { access },
        );
        return rowsResult(sqh, rows, shown, model.name, input.format ?? 'ison', maxChars);
      }),
  );

  server.registerTool(
    'search_records',
    {
      title: 'Search records',
      description: 'Case-insensitive text search over the text fields of one model (or the fields named).',
      inputSchema: {
        model: args.model,
        text: z.string().min(1).max(200).describe('The text to look for.'),
        fields: z.array(z.string()).optional().describe('Text fields to search; all of them when omitted.'),
        filters: args.filters,
        limit: args.limit,
        format: args.format,
      },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const model = target(input.model);
        const { shown, fetched } = rowBound(input.limit, maxRows);
        const rows = await sqh.records.search(
          tenantId,
          model.group,
          model.name,
          input.text,
          { fields: input.fields, filters: input.filters as FilterInput | undefined, limit: fetched },
          { access },
        );
        return rowsResult(sqh, rows, shown, model.name, input.format ?? 'ison', maxChars);
      }),
  );

  server.registerTool(
    'count_records',
    {
      title: 'Count records',
      description: 'How many records of one model match the filters (only those you may read).',
      inputSchema: { model: args.model, filters: args.filters },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const model = target(input.model);
        const count = await sqh.records.count(
          tenantId,
          model.group,
          model.name,
          input.filters as FilterInput | undefined,
          { access },
        );
        return textResult(`${input.model}: ${count} records match.`, maxChars);
      }),
  );
}
