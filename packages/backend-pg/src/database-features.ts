import type { TenantEngine } from './tenant-engine.js';

/** What one database offers that changes the SQL sqh generates for it. */
export interface DatabaseFeatures {
  /** pg_trgm is installed, so search columns get trigram indexes. */
  readonly trigram: boolean;
  /**
   * A collation whose lower() folds case exactly as JavaScript's toLowerCase
   * (ICU root: final sigma, dotted İ), or null to fall back to the database default.
   */
  readonly caseFoldCollation: string | null;
}

const ICU_ROOT = 'und-x-icu';

export async function detectFeatures(
  engine: TenantEngine,
  ensureTrigram: () => Promise<boolean>,
): Promise<DatabaseFeatures> {
  const [trigram, icu] = await Promise.all([
    ensureTrigram(),
    engine.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = $1) AS found',
      [ICU_ROOT],
    ),
  ]);
  return Object.freeze({ trigram, caseFoldCollation: icu.rows[0]?.found ? ICU_ROOT : null });
}
