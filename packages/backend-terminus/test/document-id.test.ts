import { describe, expect, it } from 'vitest';
import { documentIdFor, documentIdOf, recordIdFrom, recordIdOfDocument } from '../src/document-id.js';

describe('document ids', () => {
  it('are the class name and the percent-encoded record id', () => {
    expect(documentIdOf('AppCRMAccount', 'acme-123')).toBe('AppCRMAccount/acme-123');
    expect(documentIdOf('AppCRMAccount', 'a/b c?')).toBe('AppCRMAccount/a%2Fb%20c%3F');
  });

  it('accept an input id with or without its class prefix', () => {
    expect(documentIdFor('AppCRMAccount', 'acme-123')).toBe('AppCRMAccount/acme-123');
    expect(documentIdFor('AppCRMAccount', 'AppCRMAccount/acme-123')).toBe('AppCRMAccount/acme-123');
    expect(recordIdFrom('AppCRMAccount', 'AppCRMAccount/a%2Fb%20c%3F')).toBe('a/b c?');
  });

  it('treat a prefix whose suffix is not canonically encoded as part of the record id', () => {
    expect(recordIdFrom('AppCRMAccount', 'AppCRMAccount/a b')).toBe('AppCRMAccount/a b');
    expect(recordIdFrom('AppCRMAccount', 'AppCRMAccount/%zz')).toBe('AppCRMAccount/%zz');
    expect(recordIdFrom('AppCRMAccount', 'AppCRMAccount/')).toBe('AppCRMAccount/');
  });

  it('keep the prefix of another class as part of the record id', () => {
    expect(documentIdFor('AppCRMAccount', 'AppCRMContact/x')).toBe('AppCRMAccount/AppCRMContact%2Fx');
  });

  it('give distinct documents to distinct record ids, and read each record id back', () => {
    const ids = [
      'a b',
      'a%20b',
      'a+b',
      'ünï-😀',
      'terminusdb:///data/Doc/1',
      '@id',
      '?a=1&b=2#f',
      'a/b/../c',
    ];
    const documents = ids.map((id) => documentIdOf('Doc', id));
    expect(new Set(documents).size).toBe(ids.length);
    expect(documents.map(recordIdOfDocument)).toStrictEqual(ids);
  });

  it('read the record id from full IRIs too', () => {
    expect(recordIdOfDocument('terminusdb:///data/Doc/a%20b')).toBe('a b');
  });
});
