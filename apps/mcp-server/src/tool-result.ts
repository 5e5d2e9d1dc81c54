import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isSqhError, type Sqh, type SqhErrorCode } from '@sqh/core';
import { clipInput, type ResultRow } from '@sqh/core/spi';

/** Text formats a tool answers in: ISON (compact, for a model's context) unless JSON is asked for. */
export type ToolFormat = 'ison' | 'json';

/** What a model should do after each kind of error, so it neither loops nor gives up too early. */
const NEXT_STEP: Readonly<Record<SqhErrorCode, string>> = {
  VALIDATION: 'Fix the arguments named above; describe_models lists every model and its fields.',
  NOT_FOUND: 'Check the names with describe_models.',
  ACCESS_DENIED:
    'The configured user may not do this. Do not retry; ask a person for access if it is needed.',
  CONFLICT: 'The data changed meanwhile; read it again before deciding.',
  UNSUPPORTED: 'This store cannot answer this kind of question; try another tool.',
  BACKEND_UNAVAILABLE: 'The database did not answer; try again in a moment.',
  CONFIGURATION: 'The server is misconfigured; tell its operator.',
  CANCELLED:
    'The call was stopped by its timeout; narrow the question (filters, a smaller limit) and ask again.',
  INTERNAL: 'An unexpected error; tell the server operator.',
};

function rowsText(sqh: Sqh, rows: readonly ResultRow[], name: string, format: ToolFormat): string {
  return sqh.formats.format(format, rows, { name });
}

/** A successful answer, refused when it would flood the model's context. */
export function textResult(text: string, maxChars: number): CallToolResult {
  if (text.length > maxChars) {
    return failure(
      `The answer is ${text.length.toLocaleString('en-US')} characters, more than this server's limit of ` +
        `${maxChars.toLocaleString('en-US')}. Narrow your query: add filters, lower the limit, or group the data with aggregate.`,
    );
  }
  return { content: [{ type: 'text', text }] };
}

/**
 * How many rows to show and to fetch: an explicit limit is the caller's choice; without one, the
 * server's bound applies and one row more is fetched so the answer can say that more match.
 */
export function rowBound(limit: number | undefined, maxRows: number): { shown: number; fetched: number } {
  return { shown: limit ?? maxRows, fetched: limit ?? maxRows + 1 };
}

/** Rows, with a note asking to narrow the query when more rows matched than are shown. */
export function rowsResult(
  sqh: Sqh,
  rows: readonly ResultRow[],
  shown: number,
  name: string,
  format: ToolFormat,
  maxChars: number,
): CallToolResult {
  const more = rows.length > shown;
  const text = rowsText(sqh, more ? rows.slice(0, shown) : rows, name, format);
  if (!more) return textResult(text, maxChars);
  return textResult(
    `${text}\n\nOnly the first ${shown} matching rows are shown and more match. Narrow your query with filters ` +
      '(or use count_records / aggregate for totals).',
    maxChars,
  );
}

/** An error as a tool answer the model can read: the code, the reason, and what to do next. */
function errorResult(error: unknown): CallToolResult {
  if (isSqhError(error)) return failure(`${error.code}: ${error.message}\n${NEXT_STEP[error.code]}`);
  const message = error instanceof Error ? error.message : String(error);
  return failure(`INTERNAL: ${clipInput(message, 300)}\n${NEXT_STEP.INTERNAL}`);
}

function failure(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** Runs a tool body; any error becomes a readable tool error instead of a protocol failure. */
export async function answer(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return errorResult(error);
  }
}
