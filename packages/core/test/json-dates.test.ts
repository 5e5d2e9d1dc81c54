import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonDateReviver } from '../src/json-dates.js';

/** What a backend hands back for a json field: the value after a JSON round trip. */
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('reviving dates nested in json fields', () => {
  const at = new Date('2026-03-04T05:06:07.089Z');

  it('revives dates in objects, arrays and records', () => {
    const schema = z.object({
      events: z.array(z.object({ at: z.date() })),
      byName: z.record(z.string(), z.date()),
    });
    const value = { events: [{ at }], byName: { start: at } };

    expect(jsonDateReviver(schema)?.(stored(value))).toStrictEqual(value);
  });

  it('revives dates in tuples, including their rest items', () => {
    const schema = z.tuple([z.string(), z.date()], z.date());
    const value = ['window', at, at];

    expect(jsonDateReviver(schema)?.(stored(value))).toStrictEqual(value);
  });

  it('revives the union option whose schema accepts the revived value', () => {
    const schema = z.array(
      z.union([
        z.object({ kind: z.literal('point'), at: z.date() }),
        z.object({ kind: z.literal('note'), text: z.string() }),
      ]),
    );
    const value = [
      { kind: 'point', at },
      { kind: 'note', text: '2026-03-04T05:06:07.089Z' },
    ];

    expect(jsonDateReviver(schema)?.(stored(value))).toStrictEqual(value);
  });

  it('keeps a value that an earlier string option accepts, which the declared type allows', () => {
    const reviver = jsonDateReviver(z.union([z.string(), z.date()]));

    expect(reviver?.(stored(at))).toBe(at.toISOString());
    expect(jsonDateReviver(z.union([z.date(), z.string()]))?.(stored(at))).toStrictEqual(at);
  });

  it('needs no reviver when no date is nested', () => {
    expect(jsonDateReviver(z.union([z.string(), z.tuple([z.number()])]))).toBeUndefined();
  });
});
