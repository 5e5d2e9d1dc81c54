import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../src/index.js';

function written(value: unknown): string {
  return encode([{ v: value }], { name: 't' }).split('\n')[2]!;
}

function roundTripped(value: unknown): unknown {
  return decode(encode([{ v: value }], { name: 't' }))[0]?.rows[0]?.v;
}

describe('numbers', () => {
  // Numbers with a few decimal places take an integer-arithmetic path; it must
  // spell exactly what String() does, including near the path's limits.
  it('writes amounts with up to four decimal places exactly as String() does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 15), max: 10 ** 15 }),
        fc.constantFrom(1, 10, 100, 1_000, 10_000, 100_000),
        (units, scale) => {
          const value = units / scale;
          expect(written(value)).toBe(String(value));
        },
      ),
      { numRuns: 5_000 },
    );
    for (const value of [0.05, -0.0001, 1.1, 2.675, 99_999_999_999.99, 100_000_000_000.5, 1e-4 + 1e-12])
      expect(written(value)).toBe(String(value));
  });

  it.each([
    [42, '42'],
    [-5, '-5'],
    [3.14, '3.14'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
  ])('writes %d as %s', (value, token) => {
    expect(written(value)).toBe(token);
  });

  it.each([
    [1e-7, '0.0000001'],
    [1.2345e-7, '0.00000012345'],
    [-5e-324, `-0.${'0'.repeat(323)}5`],
    [1e21, `1${'0'.repeat(21)}.0`],
  ])('never writes an exponent: %d is %s', (value, token) => {
    expect(written(value)).toBe(token);
  });

  it.each([
    1e-7,
    1e21,
    1.5e300,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 53,
    -(2 ** 60),
    0.30000000000000004,
  ])('reads %d back as the same double', (value) => {
    expect(roundTripped(value)).toBe(value);
  });

  it('keeps the sign of negative zero', () => {
    expect(written(-0)).toBe('-0');
    expect(Object.is(roundTripped(-0), -0)).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'writes %d as null, as JSON does',
    (value) => {
      expect(written(value)).toBe('null');
    },
  );

  it('writes a bigint as its digits', () => {
    expect(written(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('reads an integer beyond 2^53 − 1 back as a bigint with every digit', () => {
    expect(roundTripped(12345678901234567890n)).toBe(12345678901234567890n);
  });

  it('reads an integer within 2^53 − 1 as a number', () => {
    expect(roundTripped(9007199254740991n)).toBe(9007199254740991);
  });

  it('reads a float written with trailing zeros as its number', () => {
    expect(decode('table.t\nv\n149.50')[0]?.rows[0]?.v).toBe(149.5);
  });
});
