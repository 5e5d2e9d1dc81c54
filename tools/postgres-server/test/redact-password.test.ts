import { describe, expect, it } from 'vitest';
import { redactPassword } from '../src/index.js';

describe('redactPassword', () => {
  it('removes the password from the user part of the URL', () => {
    expect(redactPassword('postgres://app:s3cret@db.example:5433/sqh')).toBe(
      'postgres://app@db.example:5433/sqh',
    );
  });

  it('masks a password given as a query parameter', () => {
    expect(redactPassword('postgres://db.example/sqh?password=s3cret&sslmode=require')).not.toContain(
      's3cret',
    );
  });

  it('keeps a URL without a password as it is', () => {
    expect(redactPassword('postgres://postgres@127.0.0.1:5432/postgres')).toBe(
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
  });

  it('does not echo a URL it cannot parse', () => {
    expect(redactPassword('not a url with s3cret')).not.toContain('s3cret');
  });
});
