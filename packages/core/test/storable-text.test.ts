import { describe, expect, it } from 'vitest';
import { findUnstorableText, unstorableTextReason } from '../src/storable-text.js';

describe('storable text', () => {
  it('accepts text with control characters other than NUL, and surrogate pairs', () => {
    expect(unstorableTextReason('tab\t bell\u0007 emoji 😀')).toBeUndefined();
  });

  it('refuses the NUL character', () => {
    expect(unstorableTextReason('a\u0000b')).toMatch(/NUL/);
  });

  it('refuses a lone high or low surrogate', () => {
    expect(unstorableTextReason('end \uD83D')).toMatch(/surrogate/);
    expect(unstorableTextReason('\uDE00 start')).toMatch(/surrogate/);
  });

  it('finds the path of the first unstorable string in arrays, object keys and values', () => {
    expect(findUnstorableText({ tags: ['ok', 'bad\u0000'] }, [])?.path).toStrictEqual(['tags', 1]);
    expect(findUnstorableText({ meta: { 'key\u0000': 'v' } }, [])?.path).toStrictEqual(['meta', 'key\u0000']);
    expect(findUnstorableText({ at: new Date(0), n: 1, text: 'fine' }, [])).toBeUndefined();
  });
});
