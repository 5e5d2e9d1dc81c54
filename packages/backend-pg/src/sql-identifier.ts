import { createHash } from 'node:crypto';
import { escapeIdentifier, escapeLiteral } from 'pg';

const MAX_IDENTIFIER_BYTES = 63;

/**
 * The one way a name reaches SQL. Names come from model metadata (already
 * checked by core), never from caller input; quoting keeps reserved words and
 * upper-case letters safe.
 */
export function quoteIdentifier(name: string): string {
  return escapeIdentifier(name);
}

/** A string literal for DDL, where parameters are not allowed (CHECK lists, partition bounds). */
export function quoteLiteral(value: string): string {
  return escapeLiteral(value);
}

/**
 * `base + suffix`, or, when that exceeds PostgreSQL's 63-byte limit (which would
 * silently truncate and could make two names collide), a shortened base made
 * unique by a hash of the full name.
 */
export function derivedIdentifier(base: string, suffix: string): string {
  const full = `${base}${suffix}`;
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER_BYTES) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 8);
  return `${base.slice(0, MAX_IDENTIFIER_BYTES - suffix.length - hash.length - 1)}_${hash}${suffix}`;
}

/** A short stable hash for constraint names that must encode a value set. */
export function shortHash(value: string): string {
  return createHash('sha1').update(value).digest('hex').slice(0, 8);
}
