import { ConfigurationError } from '@sqh/core';
import { describe, expect, it } from 'vitest';
import { evolveClass } from '../src/schema-evolution.js';

const stored = {
  '@type': 'Class',
  '@id': 'Person',
  '@key': { '@type': 'Random' },
  name: 'xsd:string',
  age: { '@type': 'Optional', '@class': 'xsd:integer' },
};

describe('evolving a stored class', () => {
  it('creates a class that is not stored yet as declared', () => {
    expect(evolveClass(undefined, stored, 'hr/Person')).toBe(stored);
  });

  it('changes nothing when the model matches, whatever the key order', () => {
    const reordered = {
      age: stored.age,
      name: 'xsd:string',
      '@key': { '@type': 'Random' },
      '@id': 'Person',
      '@type': 'Class',
    };
    expect(evolveClass(stored, reordered, 'hr/Person')).toStrictEqual(reordered);
  });

  it('adds new optional and set properties', () => {
    const desired = {
      ...stored,
      nickname: { '@type': 'Optional', '@class': 'xsd:string' },
      tags: { '@type': 'Set', '@class': 'xsd:string' },
    };
    expect(evolveClass(stored, desired, 'hr/Person')).toStrictEqual(desired);
  });

  it('relaxes a required property to Optional', () => {
    const desired = { ...stored, name: { '@type': 'Optional', '@class': 'xsd:string' } };
    expect(evolveClass(stored, desired, 'hr/Person')).toStrictEqual(desired);
  });

  it('keeps an optional property the model no longer declares, so its data stays valid', () => {
    const { age: _age, ...desired } = stored;
    expect(evolveClass(stored, desired, 'hr/Person')).toStrictEqual(stored);
  });

  it.each([
    ['a new required property', { ...stored, email: 'xsd:string' }, /new property 'email' is required/],
    [
      'a changed type',
      { ...stored, age: { '@type': 'Optional', '@class': 'xsd:string' } },
      /property 'age' is stored as/,
    ],
    ['an optional property made required', { ...stored, age: 'xsd:integer' }, /property 'age' is stored as/],
    [
      'a dropped required property',
      { '@type': 'Class', '@id': 'Person', '@key': { '@type': 'Random' }, age: stored.age },
      /stored property 'name' is required/,
    ],
    ['another key strategy', { ...stored, '@key': { '@type': 'Lexical', '@fields': ['name'] } }, /@key/],
  ])('refuses %s with an error naming it', (_label, desired, message) => {
    expect(() => evolveClass(stored, desired, 'hr/Person')).toThrow(ConfigurationError);
    expect(() => evolveClass(stored, desired, 'hr/Person')).toThrow(message);
  });
});
