import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import type { ConformanceOptions } from '../conformance-options.js';

/**
 * The shared-reference and partitioning cases need a storage config only the backend
 * author can give; a backend that declares the capability without giving it would
 * pass the suite untested, so that is a failure here.
 */
export function capabilityOptionCases(ctx: ConformanceContext, options: ConformanceOptions): void {
  describe('capability declarations', () => {
    it('a backend declaring sharedReference gives the suite a shared storage to test it on', (test) => {
      ctx.requires('sharedReference', test);
      expect(
        options.sharedReference,
        'pass ConformanceOptions.sharedReference so the shared-reference cases run',
      ).toBeDefined();
    });

    it('a backend declaring partitioning gives the suite a partitioned storage to test it on', (test) => {
      ctx.requires('partitioning', test);
      expect(
        options.partitionedStorage,
        'pass ConformanceOptions.partitionedStorage so the partitioned cases run',
      ).toBeDefined();
    });
  });
}
