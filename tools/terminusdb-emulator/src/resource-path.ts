import { ApiError, apiErrors } from './api-errors.js';
import type { Database } from './database.js';
import type { DatabaseRegistry } from './database-registry.js';

/** A branch resource: `ORG/DB` means `ORG/DB/local/branch/main`. */
export interface ResourcePath {
  readonly organization: string;
  readonly database: string;
  readonly branch: string;
}

export function parseResourcePath(segments: readonly string[]): ResourcePath {
  const [organization, database, repository, kind, branch, ...rest] = segments;
  const text = segments.join('/');
  if (organization === undefined || database === undefined || organization === '' || database === '') {
    throw apiErrors.badDescriptorPath(text);
  }
  if (organization === '_system' || database === '_meta' || database === '_commits') {
    throw apiErrors.notSupportedByEmulator(`the resource ${text}`);
  }
  if (repository === undefined) return { organization, database, branch: 'main' };
  if (repository === 'local' && kind === 'branch' && branch !== undefined && rest.length === 0) {
    return { organization, database, branch };
  }
  if (repository === 'local' && (kind === 'commit' || kind === '_commits')) {
    throw apiErrors.notSupportedByEmulator(`commit and history resources (${text})`);
  }
  throw apiErrors.badDescriptorPath(text);
}

/** The database behind a branch resource; only `main` exists in the emulator. */
export function resolveBranch(registry: DatabaseRegistry, path: ResourcePath): Database {
  const database = registry.find(path.organization, path.database);
  const descriptor = `${path.organization}/${path.database}/local/branch/${path.branch}`;
  if (database === undefined) throw apiErrors.unresolvableDescriptor(descriptor);
  if (path.branch !== 'main') {
    // A missing branch of an existing database is a failure (400), not a not-found.
    const missing = apiErrors.unresolvableDescriptor(descriptor);
    throw new ApiError(
      'api:failure',
      missing.error,
      `The branch does not exist for ${JSON.stringify(descriptor)}`,
    );
  }
  return database;
}
