import { afterAll, beforeAll, describe } from 'vitest';
import { accessHoleCases } from './cases/access-hole-cases.js';
import { accessScopeCases } from './cases/access-scope-cases.js';
import { badInputCases } from './cases/bad-input-cases.js';
import { batchCases } from './cases/batch-cases.js';
import { boundedInputCases } from './cases/bounded-input-cases.js';
import { capabilityOptionCases } from './cases/capability-option-cases.js';
import { countCases } from './cases/count-cases.js';
import { createAndGetCases } from './cases/create-and-get-cases.js';
import { deleteCases } from './cases/delete-cases.js';
import { filterCases } from './cases/filter-cases.js';
import { hostileValueCases } from './cases/hostile-value-cases.js';
import { keysetPagingCases } from './cases/keyset-paging-cases.js';
import { oneIdOneRecordCases } from './cases/one-id-one-record-cases.js';
import { orderingCases } from './cases/ordering-cases.js';
import { outOfRangeCases } from './cases/out-of-range-cases.js';
import { pagingCases } from './cases/paging-cases.js';
import { persistenceCases } from './cases/persistence-cases.js';
import { preconditionCases } from './cases/precondition-cases.js';
import { searchCases } from './cases/search-cases.js';
import { tenantIsolationCases } from './cases/tenant-isolation-cases.js';
import { tenantLifecycleCases } from './cases/tenant-lifecycle-cases.js';
import { textCases } from './cases/text-cases.js';
import { updateCases } from './cases/update-cases.js';
import { createConformanceLifecycle } from './conformance-context.js';
import type { ConformanceOptions } from './conformance-options.js';

/**
 * Registers the backend contract as describe/it blocks; call it at the top level
 * of a test file. Everything goes through `sqh.records`, as users see it.
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  describe(`${options.name} backend conformance`, () => {
    const { context, setUp, tearDown } = createConformanceLifecycle(options);
    beforeAll(setUp);
    afterAll(tearDown);

    createAndGetCases(context);
    filterCases(context);
    outOfRangeCases(context);
    textCases(context);
    orderingCases(context);
    pagingCases(context);
    keysetPagingCases(context);
    searchCases(context);
    countCases(context);
    updateCases(context);
    preconditionCases(context);
    deleteCases(context);
    batchCases(context);
    oneIdOneRecordCases(context);
    tenantIsolationCases(context);
    accessScopeCases(context);
    accessHoleCases(context);
    badInputCases(context);
    boundedInputCases(context);
    hostileValueCases(context);
    tenantLifecycleCases(context);
    persistenceCases(context);
    capabilityOptionCases(context, options);
  });
}
