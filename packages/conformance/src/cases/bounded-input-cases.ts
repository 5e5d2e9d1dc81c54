import { QUERY_LIMITS } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectValidationIssue, idsOf } from '../expectations.js';
import { sampleInput } from '../sample-input.js';

/** A value nested `depth` objects deep: `{ a: { a: ... 'leaf' } }`. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

const HUGE_NAME = 'f'.repeat(1_000_000);

/**
 * Hostile sizes are refused by core with VALIDATION, the same on every backend,
 * before a backend (or core's own recursive code) has to cope with them.
 */
export function boundedInputCases(ctx: ConformanceContext): void {
  describe('bounded input', () => {
    const sample = () => ctx.client(ctx.models.sample);
    const counters = () => ctx.client(ctx.models.counter);

    it('refuses a json value nested 8,000 deep on create, batchCreate and update, storing nothing', async () => {
      const title = 'bounded-deep-json';
      await expectValidationIssue(sample().create(sampleInput({ title, details: nested(8_000) })), [
        'details',
      ]);
      await expectValidationIssue(
        sample().batchCreate([sampleInput({ title }), sampleInput({ title, points: [nested(8_000)] })]),
        ['points'],
        1,
      );
      expect(await sample().count({ title })).toBe(0);
      const created = await sample().create(sampleInput());
      await expectValidationIssue(sample().update(created.id, { details: nested(8_000) }), ['details']);
      expect(await sample().get(created.id)).toStrictEqual(created);
    });

    it('refuses a filter operand nested 8,000 deep', async () => {
      await expectValidationIssue(counters().count({ name: nested(8_000) as string }), ['filters', 'name']);
      await expectValidationIssue(counters().count({ name: { $eq: nested(8_000) as string } }), [
        'filters',
        'name',
      ]);
    });

    it('refuses an $or of 200,000 empty branches', async () => {
      const branches = Array.from({ length: 200_000 }, () => ({}));
      await expectValidationIssue(counters().count({ $or: branches }), ['filters', '$or']);
    });

    it(`refuses an orderBy of more than ${QUERY_LIMITS.maxOrderByKeys} entries`, async () => {
      const orderBy = Array.from({ length: 100_000 }, () => 'name');
      await expectValidationIssue(counters().list({ orderBy }), ['orderBy']);
    });

    it('orders by the first of repeated orderBy keys: repeats change nothing', async () => {
      const prefix = 'bounded-order-dedupe';
      for (const [name, count] of [
        [`${prefix}-b`, 1],
        [`${prefix}-a`, 3],
        [`${prefix}-c`, 2],
        [`${prefix}-d`, 3],
      ] as const)
        await counters().create({ name, count });
      const filters = { name: { $startsWith: prefix } };
      const once = await counters().list({ filters, orderBy: ['-count', 'name'] });
      const repeated = await counters().list({
        filters,
        orderBy: ['-count', 'count', 'name', '-name', '-count'],
      });
      expect(once.map((record) => record.name)).toStrictEqual([
        `${prefix}-a`,
        `${prefix}-d`,
        `${prefix}-c`,
        `${prefix}-b`,
      ]);
      expect(idsOf(repeated)).toStrictEqual(idsOf(once));
    });

    it(`accepts a text operand of ${QUERY_LIMITS.maxTextOperandLength} characters and refuses 40,000`, async () => {
      const atLimit = 'q'.repeat(QUERY_LIMITS.maxTextOperandLength);
      expect(await counters().count({ name: { $icontains: atLimit } })).toBe(0);
      expect(await counters().search(atLimit)).toStrictEqual([]);
      const huge = 'q'.repeat(40_000);
      await expectValidationIssue(counters().count({ name: { $icontains: huge } }), [
        'filters',
        'name',
        '$icontains',
      ]);
      await expectValidationIssue(counters().count({ name: { $startsWith: huge } }), [
        'filters',
        'name',
        '$startsWith',
      ]);
      await expectValidationIssue(counters().search(huge), ['text']);
    });

    it('quotes at most a short piece of a 1,000,000-character field name in error messages', async () => {
      const create = await expectValidationIssue(counters().create({ name: 'x', count: 1, [HUGE_NAME]: 1 }), [
        HUGE_NAME,
      ]);
      const filter = await expectValidationIssue(counters().count({ [HUGE_NAME]: 1 }), [
        'filters',
        HUGE_NAME,
      ]);
      const order = await expectValidationIssue(counters().list({ orderBy: [HUGE_NAME] }), ['orderBy', 0]);
      for (const error of [create, filter, order]) {
        expect(error.message.length).toBeLessThan(1_000);
        expect(error.message).toContain('fff');
      }
    });
  });
}
