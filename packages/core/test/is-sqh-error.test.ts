import { describe, expect, it } from 'vitest';
import { ConflictError, isSqhError } from '../src/index.js';

describe('isSqhError', () => {
  it('recognises an error of this copy of core', () => {
    expect(isSqhError(new ConflictError('taken'))).toBe(true);
  });

  it('recognises an error thrown by another copy of core, by its code, where instanceof fails', () => {
    // What a ConflictError of a second installed copy of @sqh/core is to this copy.
    class OtherCopyConflictError extends Error {
      readonly code = 'CONFLICT';
    }
    const error = new OtherCopyConflictError('taken');
    expect(error instanceof ConflictError).toBe(false);
    expect(isSqhError(error)).toBe(true);
    if (isSqhError(error)) expect(error.code).toBe('CONFLICT');
  });

  it('refuses errors without a known code and non-errors', () => {
    expect(isSqhError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isSqhError({ code: 'CONFLICT', message: 'not an Error' })).toBe(false);
  });
});
