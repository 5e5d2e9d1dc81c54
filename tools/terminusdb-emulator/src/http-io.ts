import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { apiErrors } from './api-errors.js';
import { parseExactJson, stringifyExactJson } from './exact-json.js';
import type { JsonValue } from './json-types.js';

/** Reads the whole request body; the npm client gzips JSON bodies over 1 KiB when asked to. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = request.headers['content-encoding'];
  return (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

/**
 * Parses a body that holds one JSON value or a stream of them (concatenated or newline
 * separated), the way the document endpoint accepts documents.
 */
export function parseJsonStream(text: string): JsonValue[] {
  const values: JsonValue[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && /\s/.test(text[index] as string)) index++;
    if (index >= text.length) break;
    const end = endOfValue(text, index);
    try {
      values.push(parseExactJson(text.slice(index, end)) as JsonValue);
    } catch {
      throw apiErrors.invalidJson();
    }
    index = end;
  }
  return values;
}

/** Finds where the JSON value starting at `start` ends, tracking nesting and strings. */
function endOfValue(text: string, start: number): number {
  const first = text[start];
  if (first !== '{' && first !== '[' && first !== '"') {
    let end = start;
    while (end < text.length && !/[\s{["]/.test(text[end] as string)) end++;
    return end;
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw apiErrors.invalidJson();
}

/** The server's content type for newline-delimited documents; sent chunked, without a length. */
export const STREAM_CONTENT_TYPE = 'application/json; stream=true; charset=UTF-8';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: JsonValue,
  headers: Record<string, string> = {},
): void {
  const text = stringifyExactJson(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  const length = contentType === STREAM_CONTENT_TYPE ? {} : { 'Content-Length': Buffer.byteLength(text) };
  response.writeHead(status, { 'Content-Type': contentType, ...length, ...headers });
  response.end(text);
}

export function sendEmpty(
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, headers);
  response.end();
}
