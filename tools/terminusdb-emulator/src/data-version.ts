import { randomBytes } from 'node:crypto';
import { apiErrors } from './api-errors.js';

export const DATA_VERSION_HEADER = 'TerminusDB-Data-Version';

/** A fresh commit-like id: 32 base-36 characters. */
export function newVersionId(): string {
  return [...randomBytes(32)].map((byte) => (byte % 36).toString(36)).join('');
}

/**
 * Optimistic concurrency: a request may carry the data version it last saw; if the branch moved
 * since, the request fails with `api:DataVersionMismatch` before doing anything.
 */
export function assertDataVersion(requested: string | undefined, actual: string): void {
  if (requested === undefined) return;
  if (!/^[^:]+:.+$/.test(requested)) throw apiErrors.badDataVersion(requested);
  if (requested !== actual) throw apiErrors.dataVersionMismatch(requested, actual);
}
