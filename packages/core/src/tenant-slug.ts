import { ValidationError } from './errors.js';
import { clipInput, quoteInput } from './quoted-input.js';

/** Longest slug; `sqh_tenant_` + 52 bytes fits PostgreSQL's 63-byte identifier limit. */
export const TENANT_SLUG_MAX_LENGTH = 52;

const ALLOWED = /^[A-Za-z0-9._-]+$/;
const ESCAPES: Readonly<Record<string, string>> = { '-': '_0', _: '_1', '.': '_2' };

/**
 * Maps a tenant id to a database-name-safe slug, injectively: lower-case letters
 * and digits stand for themselves, and every other allowed character becomes a
 * two-character escape (`-` → `_0`, `_` → `_1`, `.` → `_2`, `A` → `_a`). No
 * escape is a prefix of another, so two different ids never share a slug
 * (`tenant-1` → `tenant_01`, `tenant_1` → `tenant_11`). Ids that cannot be
 * encoded within TENANT_SLUG_MAX_LENGTH are refused rather than hashed, because
 * a hash could make two tenants share a database.
 */
export function tenantSlug(tenantId: string): string {
  assertTenantId(tenantId);
  let slug = '';
  for (const char of tenantId) {
    if (char >= 'a' && char <= 'z') slug += char;
    else if (char >= '0' && char <= '9') slug += char;
    else if (char >= 'A' && char <= 'Z') slug += `_${char.toLowerCase()}`;
    else slug += ESCAPES[char];
  }
  if (slug.length > TENANT_SLUG_MAX_LENGTH) {
    throw new ValidationError(
      `Tenant id ${quoteInput(tenantId)} is too long: it encodes to ${slug.length} characters, the limit is ` +
        `${TENANT_SLUG_MAX_LENGTH} (upper-case letters and '-', '_', '.' count twice). Use a shorter tenant id.`,
      [{ path: ['tenantId'], message: 'too long' }],
    );
  }
  return slug;
}

/** Every backend names a tenant's database `sqh_tenant_{slug}`. */
export const TENANT_DATABASE_PREFIX = 'sqh_tenant_';

/**
 * The tenant's database name on any backend: injective (two tenant ids never
 * share a database) and always a legal identifier; empty, malformed or too long
 * ids are refused with a ValidationError.
 */
export function tenantDatabaseName(tenantId: string): string {
  return `${TENANT_DATABASE_PREFIX}${tenantSlug(tenantId)}`;
}

/** Checks a tenant id's shape; throws a ValidationError that says what is allowed. */
export function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new ValidationError('A tenant id is required (a non-empty string).', [
      { path: ['tenantId'], message: 'missing' },
    ]);
  }
  if (tenantId.length > TENANT_SLUG_MAX_LENGTH || !ALLOWED.test(tenantId)) {
    const shown = JSON.stringify(clipInput(tenantId));
    throw new ValidationError(
      `Tenant id ${shown} is not valid: use letters, digits, '-', '_' and '.', at most ${TENANT_SLUG_MAX_LENGTH} characters.`,
      [{ path: ['tenantId'], message: 'invalid characters or length' }],
    );
  }
}
