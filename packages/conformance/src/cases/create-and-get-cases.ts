import { ConflictError } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectSqhError } from '../expectations.js';
import { sampleInput } from '../sample-input.js';

export function createAndGetCases(ctx: ConformanceContext): void {
  describe('create and get', () => {
    const sample = () => ctx.client(ctx.models.sample);

    /** Creates a Sample and checks one field, both in what create returned and in what get reads back. */
    async function expectRoundTrip(field: string, value: unknown): Promise<void> {
      const created = await sample().create(sampleInput({ [field]: value }));
      const fetched = await sample().get(created.id);
      expect(created[field]).toStrictEqual(value);
      expect(fetched?.[field]).toStrictEqual(value);
    }

    it('returns every field exactly as given, from create and from get', async () => {
      const input = sampleInput({ id: 'sample-full', note: 'kept', points: [{ x: 1, y: -2 }] });
      const expected = { ...input, priority: 3 };
      const created = await sample().create(input);
      expect(created).toStrictEqual(expected);
      expect(await sample().get('sample-full')).toStrictEqual(expected);
    });

    it('returns a string exactly', async () => {
      await expectRoundTrip('title', 'Grüße aus Zürich — 水質 🧪');
    });

    it('keeps an empty string as an empty string, not null', async () => {
      await expectRoundTrip('title', '');
    });

    it('returns the largest safe integer exactly, as a number', async () => {
      await expectRoundTrip('quantity', Number.MAX_SAFE_INTEGER);
    });

    it('returns the smallest safe integer exactly, as a number', async () => {
      await expectRoundTrip('quantity', Number.MIN_SAFE_INTEGER);
    });

    it('returns zero as zero', async () => {
      await expectRoundTrip('quantity', 0);
    });

    it('returns floating-point numbers to the last bit', async () => {
      for (const value of [0.1, -2.5e-300, 1.7976931348623157e308, 5e-324, 1 / 3]) {
        await expectRoundTrip('ratio', value);
      }
    });

    it('returns false as false', async () => {
      await expectRoundTrip('active', false);
    });

    it('returns a date as a Date with millisecond precision', async () => {
      await expectRoundTrip('observedAt', new Date('1999-12-31T23:59:59.999Z'));
    });

    it('returns a date before 1970 exactly', async () => {
      await expectRoundTrip('observedAt', new Date('1901-02-03T04:05:06.007Z'));
    });

    it('returns an enum value', async () => {
      await expectRoundTrip('status', 'archived');
    });

    it('keeps the order and duplicates of a string array', async () => {
      await expectRoundTrip('tags', ['b', 'a', 'b', '']);
    });

    it('returns an empty string array as an empty array', async () => {
      await expectRoundTrip('tags', []);
    });

    it('returns a string Set as a Set', async () => {
      await expectRoundTrip('labels', new Set(['raw', 'filtered', 'ünïcödé']));
    });

    it('returns an empty Set as an empty Set', async () => {
      await expectRoundTrip('labels', new Set());
    });

    it('returns a nested object with its arrays, booleans and nulls', async () => {
      await expectRoundTrip('details', {
        unit: 'µS/cm',
        readings: [0, -1.5, 1e21],
        calibrated: false,
        comment: null,
      });
    });

    it('returns dates nested in a json field as Dates, from create, get and list', async () => {
      const events = [
        { at: new Date('1969-07-20T20:17:40.123Z'), label: 'landing' },
        { at: new Date('2024-02-29T23:59:59.999Z'), label: 'leap' },
      ];
      await expectRoundTrip('events', events);
      const created = await sample().create(sampleInput({ title: 'Nested dates', events }));
      expect((await sample().list({ filters: { title: 'Nested dates' } }))[0]).toStrictEqual(created);
    });

    it('returns an array of objects in order', async () => {
      await expectRoundTrip('points', [
        { x: 2, y: 3 },
        { x: -1, y: 0.5 },
      ]);
    });

    it('leaves an omitted optional field absent', async () => {
      const created = await sample().create(sampleInput());
      const fetched = await sample().get(created.id);
      expect(Object.keys(created)).not.toContain('note');
      expect(Object.keys(fetched ?? {})).not.toContain('note');
    });

    it('returns null for a nullable field given null', async () => {
      await expectRoundTrip('reviewedAt', null);
    });

    it('fills an omitted field from its schema default', async () => {
      const created = await sample().create(sampleInput());
      expect(created.priority).toBe(3);
      expect((await sample().get(created.id))?.priority).toBe(3);
    });

    it('keeps a caller-chosen id', async () => {
      const created = await sample().create(sampleInput({ id: 'sample-chosen-id' }));
      expect(created.id).toBe('sample-chosen-id');
      expect((await sample().get('sample-chosen-id'))?.id).toBe('sample-chosen-id');
    });

    it('generates a distinct non-empty string id for each record created without one', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 20; index++)
        ids.push((await sample().create(sampleInput({ quantity: index }))).id);
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(20);
    });

    it('refuses a duplicate caller-chosen id with ConflictError and keeps the first record', async () => {
      await sample().create(sampleInput({ id: 'sample-duplicate', title: 'first' }));
      await expectSqhError(
        sample().create(sampleInput({ id: 'sample-duplicate', title: 'second' })),
        ConflictError,
        'CONFLICT',
      );
      expect((await sample().get('sample-duplicate'))?.title).toBe('first');
    });

    it('returns null from get for an id that was never created', async () => {
      expect(await sample().get('sample-never-created')).toBeNull();
    });

    it('stores a copy: changing the input after create changes nothing stored', async () => {
      const tags = ['kept'];
      const details = { unit: 'mg/L', readings: [1], calibrated: true, comment: null };
      const created = await sample().create(sampleInput({ tags, details }));
      tags.push('added later');
      details.readings.push(2);
      const fetched = await sample().get(created.id);
      expect(fetched?.tags).toStrictEqual(['kept']);
      expect(fetched?.details).toStrictEqual({
        unit: 'mg/L',
        readings: [1],
        calibrated: true,
        comment: null,
      });
    });

    it('returns copies: changing a record from create, get or list changes nothing stored', async () => {
      const created = await sample().create(sampleInput({ tags: ['kept'] }));
      const fetched = await sample().get(created.id);
      const [listed] = await sample().list({ filters: { id: created.id } });
      for (const record of [created, fetched, listed]) {
        (record?.tags as string[] | undefined)?.push('changed by the caller');
        (record?.details as { readings: number[] } | undefined)?.readings.push(99);
      }
      const again = await sample().get(created.id);
      expect(again?.tags).toStrictEqual(['kept']);
      expect(again?.details).toStrictEqual(sampleInput().details);
    });
  });
}
