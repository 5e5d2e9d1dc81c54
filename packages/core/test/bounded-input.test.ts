import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../src/nesting-depth.js';
import { clipInput, MAX_QUOTED_INPUT, MAX_VALUE_DEPTH, quoteInput } from '../src/spi.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('nestsDeeperThan', () => {
  it('counts each object and array level: the limit itself passes, one more fails', () => {
    expect(nestsDeeperThan(nested(MAX_VALUE_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_VALUE_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan('text')).toBe(false);
    expect(nestsDeeperThan({ at: new Date(0), tags: new Set(['a']) }, 1)).toBe(true);
    expect(nestsDeeperThan({ at: new Date(0) }, 1)).toBe(false);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(100_000))).toBe(true);
  });

  it('calls a cyclic value too deep instead of looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(nestsDeeperThan(cyclic)).toBe(true);
  });
});

describe('clipInput and quoteInput', () => {
  it('keep short input whole and cut long input, saying how long it was', () => {
    expect(quoteInput('name')).toBe("'name'");
    const clipped = clipInput('f'.repeat(1_000_000));
    expect(clipped).toBe(`${'f'.repeat(MAX_QUOTED_INPUT)}… (1000000 characters)`);
  });

  it('never cut a surrogate pair in half', () => {
    const text = `${'a'.repeat(MAX_QUOTED_INPUT - 1)}😀${'b'.repeat(10)}`;
    expect(clipInput(text).startsWith(`${'a'.repeat(MAX_QUOTED_INPUT - 1)}…`)).toBe(true);
  });

  it('quote non-string input as text', () => {
    expect(quoteInput(42)).toBe("'42'");
  });
});
