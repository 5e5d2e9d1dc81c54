import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { FilterInput, Sqh } from '@sqh/core';
import { type AggregateSpec, type JoinSharedSpec, PG_QUERY } from '@sqh/query-pg';
import { z } from 'zod';
import type { ResolvedMcpOptions } from './mcp-server-options.js';
import { modelResolver, type VisibleModel } from './model-catalog.js';
import { READ_ONLY, type ToolArguments } from './tool-arguments.js';
import { answer, rowBound, rowsResult } from './tool-result.js';

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** aggregate (and raw_sql when the host exposes it): @sqh/query-pg, when it is composed. */
export function registerSqlQueryTools(
  server: McpServer,
  sqh: Sqh,
  options: ResolvedMcpOptions,
  visible: readonly VisibleModel[],
  args: ToolArguments,
): void {
  if (!sqh.container.isRegistered(PG_QUERY.name)) return;
  const queries = sqh.get(PG_QUERY);
  const { tenantId, access, maxRows, maxChars } = options;
  const modelOf = modelResolver(visible);
  const fields = [...new Set(visible.flatMap((entry) => entry.model.fields.map((field) => field.name)))];
  const field = z.enum(fields);

  server.registerTool(
    'aggregate',
    {
      title: 'Aggregate',
      description:
        'Group and summarise records of a PostgreSQL model in the database: counts, sums, averages, ' +
        'percentiles, by fields and time buckets. Use this rather than listing rows to answer "how many" or "on average".',
      inputSchema: {
        model: args.model,
        groupBy: z
          .array(
            z.union([
              field,
              z.object({
                field,
                bucket: z.enum(['day', 'week', 'month', 'quarter', 'year']),
                as: z.string().regex(OUTPUT_NAME).optional(),
              }),
            ]),
          )
          .optional()
          .describe('Fields, or time buckets of a date field: { "field": "created_at", "bucket": "month" }.'),
        metrics: z
          .record(
            z.string().regex(OUTPUT_NAME),
            z.union([
              z.string().max(200),
              z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
            ]),
          )
          .describe(
            'Output name → metric: "COUNT(*)", "COUNT(DISTINCT station_code)", "AVG(value)", "SUM(x)", "MIN(x)", ' +
              '"MAX(x)", "STDDEV(x)", "PERCENTILE(value, 0.9)", or { "avg": "value" }.',
          ),
        filters: args.filters,
        having: z
          .record(z.string(), z.union([z.number(), z.record(z.string(), z.number())]))
          .optional()
          .describe('Conditions on metrics: { "count": { "$gte": 10 } }.'),
        orderBy: z.array(z.string().max(64)).optional().describe('Output names, `-` first for descending.'),
        limit: args.limit,
        format: args.format,
      },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const model = modelOf(input.model);
        const { shown, fetched } = rowBound(input.limit, maxRows);
        const spec: AggregateSpec = {
          // query-pg checks every metric against its grammar and the model; the schema only shapes it.
          metrics: input.metrics as AggregateSpec['metrics'],
          limit: fetched,
          ...(input.groupBy ? { groupBy: input.groupBy } : {}),
          ...(input.filters ? { filters: input.filters as FilterInput } : {}),
          ...(input.having ? { having: input.having } : {}),
          ...(input.orderBy ? { orderBy: input.orderBy } : {}),
        };
        const rows = await queries.aggregate(tenantId, model.group, model.name, spec, { access });
        return rowsResult(sqh, rows, shown, `${model.name}_summary`, input.format ?? 'ison', maxChars);
      }),
  );

  const shared = visible.filter((entry) => entry.model.storage.shared).map((entry) => entry.key);
  const tenantOwn = visible.filter((entry) => !entry.model.storage.shared).map((entry) => entry.key);
  if (shared.length > 0 && tenantOwn.length > 0) {
    server.registerTool(
      'join_shared',
      {
        title: 'Join with shared reference data',
        description:
          "Join one of this tenant's models with a shared reference model (e.g. annotations with stations). " +
          'Sources are named by the last word of the model name (annotation, station) unless tenantAs/sharedAs say otherwise.',
        inputSchema: {
          tenantModel: z.enum(tenantOwn),
          sharedModel: z.enum(shared),
          joinOn: z
            .union([z.string(), z.tuple([z.string(), z.string()])])
            .describe('A tenant field holding the shared id, or [tenantField, sharedField].'),
          select: z
            .union([z.array(z.string()), z.record(z.string().regex(OUTPUT_NAME), z.string())])
            .describe('["station.name", "annotation.note"] or { "name": "station.name" }.'),
          filters: z
            .record(z.string(), z.record(z.string(), z.unknown()))
            .optional()
            .describe('Per source name.'),
          orderBy: z.array(z.string().max(64)).optional(),
          tenantAs: z.string().regex(OUTPUT_NAME).optional(),
          sharedAs: z.string().regex(OUTPUT_NAME).optional(),
          limit: args.limit,
          format: args.format,
        },
        annotations: READ_ONLY,
      },
      (input) =>
        answer(async () => {
          const { shown, fetched } = rowBound(input.limit, maxRows);
          const spec: JoinSharedSpec = {
            tenantModel: input.tenantModel,
            sharedModel: input.sharedModel,
            joinOn: input.joinOn,
            select: input.select,
            limit: fetched,
            ...(input.filters ? { filters: input.filters as Record<string, FilterInput> } : {}),
            ...(input.orderBy ? { orderBy: input.orderBy } : {}),
            ...(input.tenantAs ? { tenantAs: input.tenantAs } : {}),
            ...(input.sharedAs ? { sharedAs: input.sharedAs } : {}),
          };
          const rows = await queries.joinShared(tenantId, spec, { access });
          return rowsResult(sqh, rows, shown, 'joined', input.format ?? 'ison', maxChars);
        }),
    );
  }

  if (!options.exposeRawSql) return;
  server.registerTool(
    'raw_sql',
    {
      title: 'Read-only SQL',
      description:
        "One read-only SELECT on this tenant's PostgreSQL database, with $1… parameters. Writes, DDL and " +
        'dangerous functions are refused; models with record-level access rules cannot be read this way.',
      inputSchema: {
        sql: z.string().min(1).max(10_000),
        params: z
          .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
          .max(100)
          .optional(),
        format: args.format,
      },
      annotations: READ_ONLY,
    },
    (input) =>
      answer(async () => {
        const rows = await queries.rawSql(tenantId, input.sql, input.params ?? [], {
          access,
          maxRows: maxRows + 1,
        });
        return rowsResult(sqh, rows, maxRows, 'rows', input.format ?? 'ison', maxChars);
      }),
  );
}
