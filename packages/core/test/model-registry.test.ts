import { describe, expect, it } from 'vitest';
import { ConfigurationError, NotFoundError } from '../src/index.js';
import { ModelRegistry } from '../src/spi.js';
import { Account, LabResult } from './support/models.js';

describe('ModelRegistry', () => {
  const registry = new ModelRegistry();
  registry.register(Account);
  registry.register(LabResult);

  it('resolves a model by group and name', () => {
    expect(registry.get('lab', 'AppLabResult')).toBe(LabResult);
  });

  it('names both the group and the model when the group is unknown', () => {
    expect(() => registry.get('billing', 'Invoice')).toThrow(NotFoundError);
    expect(() => registry.get('billing', 'Invoice')).toThrow(/Unknown group 'billing'.*'Invoice'.*crm, lab/);
  });

  it('names both and lists the group models when the model is unknown', () => {
    expect(() => registry.get('lab', 'AppStation')).toThrow(
      /Unknown model 'AppStation' in group 'lab'.*AppLabResult/,
    );
  });

  it('refuses registering one model twice', () => {
    expect(() => registry.register(Account)).toThrow(ConfigurationError);
  });
});
