import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { idsOf } from '../expectations.js';
import { seedRecords } from '../model-client.js';

const day = (date: number) => new Date(Date.UTC(2024, 0, date));

// Created in this order on purpose: insertion order is not id order, so a
// backend that returns rows as stored cannot pass by accident.
const ORDER_ROWS = [
  { id: 'o5', group: 'x', rank: null, label: 'echo', when: day(4), flag: true, weight: 0.25 },
  { id: 'o2', group: 'y', rank: null, label: 'alpha', when: day(1), flag: false },
  { id: 'o6', group: 'y', rank: 1, label: 'alpha', when: day(6), flag: false, weight: 2.5 },
  { id: 'o1', group: 'x', rank: 2, label: 'delta', when: day(3), flag: true, weight: 1.5 },
  { id: 'o4', group: 'y', rank: 2, label: 'bravo', when: day(5), flag: true, weight: 10 },
  { id: 'o3', group: 'x', rank: 1, label: 'Charlie', when: day(2), flag: false, weight: -1 },
];

export function orderingCases(ctx: ConformanceContext): void {
  describe('ordering', () => {
    const rows = () => ctx.client(ctx.models.orderRow);
    const order = async (orderBy: string[]) => idsOf(await rows().list({ orderBy }));

    beforeAll(async () => {
      await seedRecords(rows(), ORDER_ROWS);
    });

    it('orders by id ascending when no order is given', async () => {
      expect(idsOf(await rows().list())).toStrictEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    });

    it('orders ascending with nulls last and ties broken by id', async () => {
      expect(await order(['rank'])).toStrictEqual(['o3', 'o6', 'o1', 'o4', 'o2', 'o5']);
    });

    it('orders descending with nulls first and ties still broken by id ascending', async () => {
      expect(await order(['-rank'])).toStrictEqual(['o2', 'o5', 'o1', 'o4', 'o3', 'o6']);
    });

    it('orders strings by code point, upper-case first', async () => {
      expect(await order(['label'])).toStrictEqual(['o3', 'o2', 'o6', 'o4', 'o1', 'o5']);
    });

    it('orders numbers numerically, absent values last', async () => {
      expect(await order(['weight'])).toStrictEqual(['o3', 'o5', 'o1', 'o6', 'o4', 'o2']);
    });

    it('orders dates descending', async () => {
      expect(await order(['-when'])).toStrictEqual(['o6', 'o4', 'o5', 'o1', 'o3', 'o2']);
    });

    it('orders false before true', async () => {
      expect(await order(['flag'])).toStrictEqual(['o2', 'o3', 'o6', 'o1', 'o4', 'o5']);
    });

    it('orders by several keys, each in its own direction', async () => {
      expect(await order(['group', '-rank'])).toStrictEqual(['o5', 'o1', 'o3', 'o2', 'o4', 'o6']);
      expect(await order(['-group', 'label'])).toStrictEqual(['o2', 'o6', 'o4', 'o3', 'o1', 'o5']);
    });

    it('orders by id descending when asked', async () => {
      expect(await order(['-id'])).toStrictEqual(['o6', 'o5', 'o4', 'o3', 'o2', 'o1']);
    });

    it('filters, then orders, then limits', async () => {
      const records = await rows().list({ filters: { group: 'x' }, orderBy: ['rank'], limit: 2 });
      expect(idsOf(records)).toStrictEqual(['o3', 'o1']);
    });

    it('skips the first rows of the ordered result', async () => {
      expect(idsOf(await rows().list({ orderBy: ['when'], skip: 4 }))).toStrictEqual(['o4', 'o6']);
    });

    it('returns nothing when skipping past the end', async () => {
      expect(await rows().list({ skip: 6 })).toStrictEqual([]);
    });
  });
}
