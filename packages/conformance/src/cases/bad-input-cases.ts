import { DEFAULT_RECORD_SERVICE_LIMITS } from '@sqh/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectValidationIssue } from '../expectations.js';
import { sampleInput } from '../sample-input.js';

/** Bad input is refused with a ValidationError whose issues name the offending path, before anything is stored. */
export function badInputCases(ctx: ConformanceContext): void {
  describe('bad input', () => {
    const sample = () => ctx.client(ctx.models.sample);
    const filterRows = () => ctx.client(ctx.models.filterRow);
    const countTitled = (title: string) => sample().count({ title });

    it('refuses an unknown field on create and stores nothing', async () => {
      await expectValidationIssue(
        sample().create(sampleInput({ title: 'bad-unknown-field', colour: 'red' })),
        ['colour'],
      );
      expect(await countTitled('bad-unknown-field')).toBe(0);
    });

    it('refuses a value of the wrong type on create and stores nothing', async () => {
      await expectValidationIssue(sample().create(sampleInput({ title: 'bad-wrong-type', quantity: '12' })), [
        'quantity',
      ]);
      expect(await countTitled('bad-wrong-type')).toBe(0);
    });

    it('refuses a fractional number for an integer field', async () => {
      await expectValidationIssue(sample().create(sampleInput({ quantity: 1.5 })), ['quantity']);
    });

    it('refuses a value outside the enum', async () => {
      await expectValidationIssue(sample().create(sampleInput({ status: 'deleted' })), ['status']);
    });

    it('refuses a missing required field', async () => {
      const { title: _omitted, ...withoutTitle } = sampleInput();
      await expectValidationIssue(sample().create(withoutTitle), ['title']);
    });

    it('refuses an unknown field in a patch and keeps the record', async () => {
      const created = await sample().create(sampleInput());
      await expectValidationIssue(sample().update(created.id, { colour: 'red' }), ['colour']);
      expect(await sample().get(created.id)).toStrictEqual(created);
    });

    it('refuses a filter on an unknown field', async () => {
      await expectValidationIssue(filterRows().list({ filters: { colour: 'red' } }), ['filters', 'colour']);
    });

    it('refuses an unknown filter operator', async () => {
      await expectValidationIssue(filterRows().list({ filters: { name: { $regex: '^a' } } }), [
        'filters',
        'name',
        '$regex',
      ]);
    });

    it('refuses an unknown combinator', async () => {
      await expectValidationIssue(filterRows().list({ filters: { $nor: [] } }), ['filters', '$nor']);
    });

    it('refuses a filter value of the wrong type', async () => {
      await expectValidationIssue(filterRows().count({ score: 'five' }), ['filters', 'score']);
    });

    it('refuses a date filter value that is not a date', async () => {
      await expectValidationIssue(filterRows().count({ at: { $gt: 'yesterday' } }), ['filters', 'at', '$gt']);
    });

    it('refuses an operator that does not apply to the field kind', async () => {
      await expectValidationIssue(filterRows().count({ name: { $has: 'a' } }), ['filters', 'name', '$has']);
      await expectValidationIssue(filterRows().count({ active: { $gt: false } }), [
        'filters',
        'active',
        '$gt',
      ]);
    });

    it('refuses ordering by an unknown field', async () => {
      await expectValidationIssue(filterRows().list({ orderBy: ['colour'] }), ['orderBy', 0]);
    });

    it('refuses ordering by a field that cannot be ordered', async () => {
      await expectValidationIssue(filterRows().list({ orderBy: ['name', '-tags'] }), ['orderBy', 1]);
    });

    it('refuses a limit of 0', async () => {
      await expectValidationIssue(filterRows().list({ limit: 0 }), ['limit']);
    });

    it('refuses a limit above the maximum', async () => {
      await expectValidationIssue(
        filterRows().list({ limit: DEFAULT_RECORD_SERVICE_LIMITS.maxListLimit + 1 }),
        ['limit'],
      );
    });

    it('refuses a limit that is not an integer', async () => {
      await expectValidationIssue(filterRows().search('a', { limit: 2.5 }), ['limit']);
    });

    it('refuses a negative skip', async () => {
      await expectValidationIssue(filterRows().list({ skip: -1 }), ['skip']);
    });

    it('refuses to search an unknown field or a field that is not text', async () => {
      await expectValidationIssue(filterRows().search('a', { fields: ['colour'] }), ['fields', 0]);
      await expectValidationIssue(filterRows().search('a', { fields: ['name', 'score'] }), ['fields', 1]);
    });

    it('refuses an empty id on get', async () => {
      await expectValidationIssue(sample().get(''), ['id']);
    });
  });
}
