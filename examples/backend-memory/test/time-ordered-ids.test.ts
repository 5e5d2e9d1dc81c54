import { compareCodePoints } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import { createTimeOrderedIds } from '../src/time-ordered-ids.js';

function idsAt(times: number[]): string[] {
  const clock = [...times];
  const nextId = createTimeOrderedIds(() => clock.shift() ?? 0);
  return times.map(() => nextId());
}

describe('time-ordered ids', () => {
  it('sorts ids made in the same millisecond in the order they were made', () => {
    const ids = idsAt([1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000]);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort(compareCodePoints)).toStrictEqual(ids);
  });

  it('sorts ids by time across milliseconds, also past a change in digit count', () => {
    const ids = idsAt([0xfff, 0x1000, 1_700_000_000_000]);
    expect([...ids].sort(compareCodePoints)).toStrictEqual(ids);
  });

  it('keeps order and uniqueness when the clock steps back', () => {
    const ids = idsAt([1_700_000_000_500, 1_700_000_000_100, 1_700_000_000_500]);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort(compareCodePoints)).toStrictEqual(ids);
  });
});
