import type { JsonValue } from './json-types.js';

/** What a route needs from an HTTP request. */
export interface RouteRequest {
  readonly method: string;
  readonly search: URLSearchParams;
  header(name: string): string | undefined;
  body(): Promise<string>;
}

/** What a route answers; the router writes it out. */
export type RouteResponse =
  | {
      readonly kind: 'json';
      readonly status: number;
      readonly body: JsonValue;
      readonly headers?: Record<string, string>;
    }
  | {
      readonly kind: 'text';
      readonly status: number;
      readonly body: string;
      readonly contentType: string;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'empty'; readonly status: number; readonly headers?: Record<string, string> };
