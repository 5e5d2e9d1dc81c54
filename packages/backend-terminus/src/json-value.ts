import { isLosslessNumber, type LosslessNumber } from './exact-json.js';

/**
 * A value as JSON carries it, for request and response bodies. Answers keep numbers a double
 * cannot hold exactly as LosslessNumber (see parseExactJson).
 */
export type JsonValue = string | number | LosslessNumber | boolean | null | readonly JsonValue[] | JsonObject;

export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isLosslessNumber(value);
}
