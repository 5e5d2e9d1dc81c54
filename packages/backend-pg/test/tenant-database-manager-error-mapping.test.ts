import { BackendUnavailableError, SqhError } from '@sqh/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isConnectionFailure, mapPgError, pgErrorCode } from '../src/pg-error-mapping.js';

const context = { operation: 'create', model: 'lab.Result', database: 'sqh_tenant_acme' };

/** A PostgreSQL error as node-postgres raises it, with a server message quoting SQL and values. */
function serverError(code: string, fields: Partial<pg.DatabaseError> = {}): pg.DatabaseError {
  const error = new pg.DatabaseError(
    `syntax error at or near "SELECT secret FROM t WHERE pw = 'hunter2'"`,
    0,
    'error',
  );
  return Object.assign(error, { code, ...fields });
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('mapPgError', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED')],
    ['connection reset', socketError('ECONNRESET')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['administrator shutdown (57P01)', serverError('57P01')],
    ['a connection exception (08006)', serverError('08006')],
    ['too many connections (53300)', serverError('53300')],
  ])('maps %s to BackendUnavailableError', (_, error) => {
    expect(mapPgError(error, context)).toBeInstanceOf(BackendUnavailableError);
  });

  it('maps a unique violation (23505) to a conflict naming the constraint', () => {
    const mapped = mapPgError(serverError('23505', { constraint: 'result_pkey' }), context);

    expect(mapped.code).toBe('CONFLICT');
    expect(mapped.message).toContain('result_pkey');
  });

  it.each([['22P02'], ['22001'], ['23502'], ['23514']])('maps %s to a validation error', (code) => {
    expect(mapPgError(serverError(code), context).code).toBe('VALIDATION');
  });

  it('names the column of a missing required value', () => {
    const mapped = mapPgError(serverError('23502', { column: 'sample_date' }), context);

    expect(mapped).toMatchObject({ issues: [{ path: ['sample_date'] }] });
  });

  it('maps a missing database (3D000) to not found', () => {
    expect(mapPgError(serverError('3D000'), context).code).toBe('NOT_FOUND');
  });

  it('maps a refused login (28P01) to a configuration error', () => {
    expect(mapPgError(serverError('28P01'), context).code).toBe('CONFIGURATION');
  });

  it('maps anything else to INTERNAL, naming the SQLSTATE', () => {
    const mapped = mapPgError(serverError('42P01'), context);

    expect(mapped.code).toBe('INTERNAL');
    expect(mapped.message).toContain('42P01');
  });

  it.each([['23505'], ['22P02'], ['42601'], ['57P01']])(
    'never copies the server message (%s) into its own',
    (code) => {
      const mapped = mapPgError(serverError(code), context);

      expect(mapped.message).not.toMatch(/SELECT|secret|hunter2/);
    },
  );

  it('keeps the raw error as the cause, for logs', () => {
    const raw = serverError('23505');

    expect(mapPgError(raw, context).cause).toBe(raw);
  });

  it('returns an SqhError unchanged', () => {
    const already = new SqhError('CONFLICT', 'already mapped');

    expect(mapPgError(already, context)).toBe(already);
  });
});

describe('pgErrorCode', () => {
  it('finds the SQLSTATE of an error wrapped as a cause', () => {
    const wrapped = new Error('outer', { cause: serverError('42P07') });

    expect(pgErrorCode(wrapped)).toBe('42P07');
  });

  it.each([['ECONNREFUSED'], ['EPIPE'], ['EPERM']])('ignores the Node error code %s', (code) => {
    expect(pgErrorCode(socketError(code))).toBeUndefined();
  });
});

describe('isConnectionFailure', () => {
  it('is false for a statement that failed on a healthy connection', () => {
    expect(isConnectionFailure(serverError('23505'))).toBe(false);
  });

  it('is false for an error that was already mapped (it says nothing about this connection)', () => {
    expect(isConnectionFailure(new BackendUnavailableError('another database is down'))).toBe(false);
  });

  it('is true when every address of a host refused the connection', () => {
    const both = new AggregateError(
      [socketError('ECONNREFUSED'), socketError('ECONNREFUSED')],
      'connect failed',
    );

    expect(isConnectionFailure(both)).toBe(true);
  });
});
