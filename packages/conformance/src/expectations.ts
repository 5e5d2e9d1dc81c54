import {
  compareCodePoints,
  type SqhError,
  type SqhErrorCode,
  ValidationError,
  type ValidationIssue,
} from '@sqh/core/spi';
import { expect } from 'vitest';

type SqhErrorClass<E extends SqhError> = abstract new (...args: never[]) => E;

/** Awaits a call that must fail with this SqhError class and code; returns the error for further checks. */
export async function expectSqhError<E extends SqhError>(
  call: Promise<unknown>,
  type: SqhErrorClass<E>,
  code: SqhErrorCode,
): Promise<E> {
  const outcome = await call.then(
    (value) => ({ failed: false as const, value }),
    (error: unknown) => ({ failed: true as const, error }),
  );
  expect(outcome.failed, 'the call should have failed').toBe(true);
  const error = outcome.failed ? outcome.error : undefined;
  expect(error).toBeInstanceOf(type);
  expect((error as E).code).toBe(code);
  return error as E;
}

/** A ValidationError whose issues include one at exactly this path (and batch row, when given). */
export async function expectValidationIssue(
  call: Promise<unknown>,
  path: readonly (string | number)[],
  row?: number,
): Promise<ValidationError> {
  const error = await expectSqhError(call, ValidationError, 'VALIDATION');
  const expected: Partial<ValidationIssue> = row === undefined ? { path } : { path, row };
  expect(error.issues).toContainEqual(expect.objectContaining(expected));
  return error;
}

export function idsOf(records: readonly { readonly id: string }[]): string[] {
  return records.map((record) => record.id);
}

/** Ids in code-point order, for results whose order the contract leaves open (search). */
export function sortedIdsOf(records: readonly { readonly id: string }[]): string[] {
  return idsOf(records).sort(compareCodePoints);
}
