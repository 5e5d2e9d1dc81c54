import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, IsonDecodeError } from '../src/index.js';

const collected = new Date('2024-03-05T08:30:00.250Z');

describe('dates', () => {
  it('writes a Date as its bare ISO-8601 string', () => {
    expect(encode([{ collected }], { name: 'labs' })).toBe('table.labs\ncollected\n2024-03-05T08:30:00.250Z');
  });

  it('leaves out .000 when the milliseconds are zero', () => {
    expect(encode([{ at: new Date('2024-03-05T08:30:00Z') }], { name: 't' })).toBe(
      'table.t\nat\n2024-03-05T08:30:00Z',
    );
  });

  it('writes midnight UTC as its calendar date, which reads back as the same instant', () => {
    const day = new Date('2024-03-05T00:00:00Z');
    const text = encode([{ day }], { name: 't' });
    expect(text).toBe('table.t\nday\n2024-03-05');
    expect(decode(text, { dateFields: ['day'] })[0]?.rows[0]?.day).toEqual(day);
  });

  it('writes dates before 1970 and beyond year 9999', () => {
    const dates = [new Date('1969-07-20T20:17:40Z'), new Date(8.64e15), new Date(-8.64e15)];
    const text = encode(
      dates.map((at) => ({ at })),
      { name: 't' },
    );
    expect(text).toBe('table.t\nat\n1969-07-20T20:17:40Z\n+275760-09-13\n-271821-04-20');
    expect(decode(text, { dateFields: ['at'] })[0]?.rows.map((row) => row.at)).toEqual(dates);
  });

  it('reads back every instant exactly when many rows share a few days', () => {
    const instant = fc
      .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 86_399_999 }))
      .map(([day, millis]) => new Date(Date.UTC(2024, 0, 1 + day) + millis));
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 40 }), (dates) => {
        const rows = dates.map((at) => ({ at }));
        expect(decode(encode(rows, { name: 't' }), { dateFields: ['at'] })[0]?.rows ?? []).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a date back as that string by default', () => {
    const [block] = decode(encode([{ collected }], { name: 'labs' }));
    expect(block?.rows[0]?.collected).toBe('2024-03-05T08:30:00.250Z');
  });

  it('reads a date back as a Date when its field is listed in dateFields', () => {
    const [block] = decode(encode([{ collected }], { name: 'labs' }), { dateFields: ['collected'] });
    expect(block?.rows[0]?.collected).toEqual(collected);
  });

  it('keeps null as null in a date field', () => {
    const [block] = decode('table.labs\ncollected\nnull', { dateFields: ['collected'] });
    expect(block?.rows[0]?.collected).toBeNull();
  });

  it('reads a calendar date as midnight UTC', () => {
    const [block] = decode('table.t\nday\n2024-02-29', { dateFields: ['day'] });
    expect(block?.rows[0]?.day).toEqual(new Date(Date.UTC(2024, 1, 29)));
  });

  it('reads a dotted date field inside its nested object', () => {
    const [block] = decode('table.t\nowner.since\n2020-01-01T00:00:00Z', { dateFields: ['owner.since'] });
    expect(block?.rows[0]).toEqual({ owner: { since: new Date('2020-01-01T00:00:00Z') } });
  });

  it('writes an invalid Date as null', () => {
    expect(encode([{ collected: new Date(Number.NaN) }], { name: 't' })).toBe('table.t\ncollected\nnull');
  });

  it.each(['2024-02-30', '2024-01-02T10:00:00', 'yesterday', '2024-13-01'])(
    'refuses %j in a date field, naming the line',
    (value) => {
      expect(() => decode(`table.t\nday\n"${value}"`, { dateFields: ['day'] })).toThrow(
        expect.objectContaining({ constructor: IsonDecodeError, line: 3, column: 1 }),
      );
    },
  );
});
