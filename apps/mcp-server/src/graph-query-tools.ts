import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FilterInput, Sqh } from '@sqh/core';
import { GRAPH_QUERY } from '@sqh/query-graph';
import { z } from 'zod';
import type { ResolvedMcpOptions } from './mcp-server-options.js';
import { modelResolver, type VisibleModel } from './model-catalog.js';
import { READ_ONLY, type ToolArguments } from './tool-arguments.js';
import { answer, rowBound, type ToolFormat, textResult } from './tool-result.js';

const RELATION_PATH = /^[A-Za-z_][A-Za-z0-9_]*[+*]?(\/[A-Za-z_][A-Za-z0-9_]*[+*]?)*$/;

interface GraphAnswer {
  readonly ison?: string;
}

/** traverse, path_query and subgraph (and raw_woql when the host exposes it): @sqh/query-graph, when composed. */
export function registerGraphQueryTools(
  server: McpServer,
  sqh: Sqh,
  options: ResolvedMcpOptions,
  visible: readonly VisibleModel[],
  args: ToolArguments,
): void {
  if (!sqh.container.isRegistered(GRAPH_QUERY.name)) return;
  const graph = sqh.get(GRAPH_QUERY);
  const { tenantId, access, maxRows, maxChars } = options;
  const modelOf = modelResolver(visible);
  const relationNames = [
    ...new Set(
      visible.flatMap((entry) => [
        ...Object.keys(entry.model.relations),
        ...Object.values(entry.model.relationInverses),
      ]),
    ),
  ];
  const relation = relationNames.length > 0 ? z.enum(relationNames) : z.string();
  const limit = z.number().int().min(1).max(maxRows).optional();
  const render = (format: ToolFormat | undefined, result: GraphAnswer, json: unknown): CallToolResult =>
    textResult((format ?? 'ison') === 'ison' ? (result.ison ?? '') : JSON.stringify(json), maxChars);
  const tooMany = (what: string, shown: number) =>
    textResult(
      `More than ${shown} ${what} match. Narrow your query: add filters, a shorter path or a lower depth, or ask for fewer.`,
      maxChars,
    );

  server.registerTool(
    'traverse',
    {
      title: 'Traverse relations',
      description:
        'Walk relations from one record, e.g. from an account along "contacts/opportunities". A step is a ' +
        'relation field or an inverse name (see describe_models), optionally with + or *. One request to the graph store.',
      inputSchema: {
        model: args.model,
        startId: z.string().min(1).max(200),
        path: z.string().regex(RELATION_PATH).max(400),
        maxDepth: z.number().int().min(1).max(8).optional(),
        filters: args.filters,
        limit,
        format: args.format,
      },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const model = modelOf(input.model);
        const { shown, fetched } = rowBound(input.limit, maxRows);
        const result = await graph.traverse(
          tenantId,
          model.group,
          model.name,
          {
            startId: input.startId,
            path: input.path,
            limit: fetched,
            ...(input.maxDepth ? { maxDepth: input.maxDepth } : {}),
            ...(input.filters ? { filters: input.filters as FilterInput } : {}),
          },
          { access, outputFormat: input.format ?? 'ison' },
        );
        if (result.nodes.length > shown) return tooMany('records', shown);
        return render(input.format, result, result.nodes);
      }),
  );

  const recordRef = z.object({ model: args.model, id: z.string().min(1).max(200) });
  server.registerTool(
    'path_query',
    {
      title: 'Paths between two records',
      description:
        'How two records are connected: the shortest paths (or all simple paths) through relations.',
      inputSchema: {
        from: recordRef,
        to: recordRef,
        via: z.array(relation).optional(),
        maxDepth: z.number().int().min(1).max(8).optional(),
        mode: z.enum(['shortest', 'all']).optional(),
        limit: z.number().int().min(1).max(50).optional(),
        format: args.format,
      },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const ref = (value: { model: string; id: string }) => {
          const model = modelOf(value.model);
          return { group: model.group, model: model.name, id: value.id };
        };
        const result = await graph.pathQuery(
          tenantId,
          {
            from: ref(input.from),
            to: ref(input.to),
            ...(input.via ? { via: input.via } : {}),
            ...(input.maxDepth ? { maxDepth: input.maxDepth } : {}),
            ...(input.mode ? { mode: input.mode } : {}),
            ...(input.limit ? { limit: input.limit } : {}),
          },
          { access, outputFormat: input.format ?? 'ison' },
        );
        if (result.paths.length === 0)
          return textResult('No path connects these records within maxDepth.', maxChars);
        return render(input.format, result, result.paths);
      }),
  );

  server.registerTool(
    'subgraph',
    {
      title: 'Neighbourhood of a record',
      description:
        'The records around one record, up to `depth` relations away, with the links between them.',
      inputSchema: {
        model: args.model,
        rootId: z.string().min(1).max(200),
        relations: z.array(relation).optional(),
        depth: z.number().int().min(1).max(4).optional(),
        limit,
        format: args.format,
      },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const model = modelOf(input.model);
        const result = await graph.subgraph(
          tenantId,
          model.group,
          model.name,
          {
            rootId: input.rootId,
            limit: input.limit ?? maxRows,
            ...(input.relations ? { relations: input.relations } : {}),
            ...(input.depth ? { depth: input.depth } : {}),
          },
          { access, outputFormat: input.format ?? 'ison' },
        );
        if (result.truncated && input.limit === undefined) return tooMany('records', maxRows);
        return render(input.format, result, { nodes: result.nodes, edges: result.edges });
      }),
  );

  if (!options.exposeRawWoql) return;
  server.registerTool(
    'raw_woql',
    {
      title: 'Read-only WOQL',
      description: "A read-only WOQL query (JSON-LD) on this tenant's graph database; writes are refused.",
      inputSchema: { query: z.record(z.string(), z.unknown()), format: args.format },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const result = await graph.woqlQuery(tenantId, input.query, {
          access,
          readOnly: true,
          outputFormat: input.format ?? 'ison',
        });
        if (result.bindings.length > maxRows) return tooMany('solutions', maxRows);
        return render(input.format, result, result.bindings);
      }),
  );
}
