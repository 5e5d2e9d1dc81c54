import { describe, expect, it } from 'vitest';
import { requireSharedExtension } from '../src/shared-extensions.js';

describe('requireSharedExtension', () => {
  const status = {
    database: 'sqh_shared_reference',
    extensions: { postgis: false, pg_trgm: true },
    missing: ['postgis'],
  };

  it('names the missing extension and how to get it', () => {
    expect(() => requireSharedExtension(status, 'postgis', 'listShared near')).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/'postgis'.*postgis-3/),
      }),
    );
  });

  it('lets an installed extension through', () => {
    expect(() => requireSharedExtension(status, 'pg_trgm', 'listShared fuzzy')).not.toThrow();
  });
});
