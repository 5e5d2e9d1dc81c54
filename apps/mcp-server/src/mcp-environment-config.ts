import type { SignedInUser } from '@sqh/access';
import { ConfigurationError } from '@sqh/core';
import { z } from 'zod';

/** What `pnpm mcp` reads from its environment. */
export interface McpEnvironmentConfig {
  readonly tenantId: string;
  /** The user the language model acts as. */
  readonly user: SignedInUser;
  readonly maxRows?: number;
  readonly maxChars?: number;
  readonly exposeRawSql: boolean;
  readonly exposeRawWoql: boolean;
  /** Load sample data into the tenant when it has none (the embedded-defaults experience). */
  readonly seed: boolean;
}

const DEFAULT_USER: SignedInUser = { id: 'mcp-analyst', teamIds: ['north'], roles: ['analyst'] };

const userSchema = z
  .object({
    id: z.string().min(1),
    teamIds: z.array(z.string().min(1)).optional(),
    roles: z.array(z.string().min(1)).optional(),
    permissions: z.array(z.string().min(1)).optional(),
    attributes: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
      .optional(),
  })
  .strict();

const flag = z
  .enum(['0', '1', 'true', 'false', 'on', 'off'])
  .transform((value) => ['1', 'true', 'on'].includes(value));
const positive = z.coerce.number().int().positive();

const VARIABLES = {
  tenant: 'SQH_MCP_TENANT',
  user: 'SQH_MCP_USER',
  maxRows: 'SQH_MCP_MAX_ROWS',
  maxChars: 'SQH_MCP_MAX_CHARS',
  rawSql: 'SQH_MCP_RAW_SQL',
  rawWoql: 'SQH_MCP_RAW_WOQL',
  seed: 'SQH_MCP_SEED',
} as const;

/**
 * Reads SQH_MCP_TENANT (default `mcp-demo`), SQH_MCP_USER (JSON: id, teamIds, roles,
 * permissions, attributes; default an analyst of the north team), SQH_MCP_MAX_ROWS,
 * SQH_MCP_MAX_CHARS, SQH_MCP_RAW_SQL / SQH_MCP_RAW_WOQL (off unless set to 1) and
 * SQH_MCP_SEED (on unless set to 0). A bad value is a CONFIGURATION error naming the variable.
 */
export function mcpConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): McpEnvironmentConfig {
  const read = <T>(variable: string, schema: z.ZodType<T>, fallback: T): T => {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') return fallback;
    let value: unknown = raw;
    if (variable === VARIABLES.user) {
      try {
        value = JSON.parse(raw);
      } catch {
        throw new ConfigurationError(`${variable} must be JSON, e.g. {"id":"ana","roles":["analyst"]}.`);
      }
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`,
      );
      throw new ConfigurationError(`${variable} is not valid: ${problems.join('; ')}.`);
    }
    return parsed.data;
  };
  const maxRows = read<number | undefined>(VARIABLES.maxRows, positive, undefined);
  const maxChars = read<number | undefined>(VARIABLES.maxChars, positive, undefined);
  return {
    tenantId: read(VARIABLES.tenant, z.string().min(1), 'mcp-demo'),
    user: read<SignedInUser>(VARIABLES.user, userSchema, DEFAULT_USER),
    ...(maxRows === undefined ? {} : { maxRows }),
    ...(maxChars === undefined ? {} : { maxChars }),
    exposeRawSql: read(VARIABLES.rawSql, flag, false),
    exposeRawWoql: read(VARIABLES.rawWoql, flag, false),
    seed: read(VARIABLES.seed, flag, true),
  };
}
