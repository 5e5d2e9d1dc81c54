import { ConfigurationError, defineModel, type Model, StorageConfig } from '@sqh/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapModel } from '../src/class-mapping.js';
import { account, contact, opportunity } from './support/crm-models.js';

const models = new Map<string, Model>([account, contact, opportunity].map((model) => [model.key, model]));
const lookup = (key: string) => models.get(key);

describe('model → TerminusDB class', () => {
  it('maps every field kind to an xsd type or a type family', () => {
    const model = defineModel({
      group: 'lab',
      name: 'Kinds',
      schema: z.object({
        text: z.string(),
        count: z.number().int(),
        ratio: z.number(),
        flag: z.boolean(),
        at: z.date(),
        kind: z.enum(['a', 'b']),
        note: z.string().optional(),
        cleared: z.date().nullable(),
        tags: z.array(z.string()),
        labels: z.set(z.string()),
        maybeTags: z.array(z.string()).optional(),
        details: z.object({ unit: z.string() }),
        extra: z.record(z.string(), z.number()).optional(),
      }),
    });
    expect(mapModel(model, lookup).schemaDocument).toStrictEqual({
      '@type': 'Class',
      '@id': 'Kinds',
      '@key': { '@type': 'Random' },
      _sqh_id: 'xsd:string',
      text: 'xsd:string',
      count: 'xsd:integer',
      ratio: 'xsd:double',
      flag: 'xsd:boolean',
      at: 'xsd:dateTime',
      kind: 'xsd:string',
      note: { '@type': 'Optional', '@class': 'xsd:string' },
      cleared: { '@type': 'Optional', '@class': 'xsd:dateTime' },
      tags: { '@type': 'List', '@class': 'xsd:string' },
      labels: { '@type': 'Set', '@class': 'xsd:string' },
      maybeTags: { '@type': 'Optional', '@class': 'xsd:string' },
      details: 'xsd:string',
      extra: { '@type': 'Optional', '@class': 'xsd:string' },
    });
  });

  it('stores JSON fields and optional string arrays as JSON text', () => {
    const mapping = mapModel(account, lookup);
    expect(mapping.property('regions')?.jsonText).toBe(true);
    expect(mapping.property('tags')?.jsonText).toBe(false);
  });

  it('turns relations into links to the target class', () => {
    expect(mapModel(contact, lookup).schemaDocument).toMatchObject({
      account: 'AppCRMAccount',
      previousAccounts: { '@type': 'Set', '@class': 'AppCRMAccount' },
    });
    expect(mapModel(opportunity, lookup).schemaDocument).toMatchObject({
      contacts: { '@type': 'List', '@class': 'AppCRMContact' },
    });
    expect(mapModel(contact, lookup).linkedModels).toStrictEqual([account]);
  });

  it('keeps a relation to a model stored in another backend as its id text', () => {
    const ledger = defineModel({
      group: 'crm',
      name: 'Ledger',
      storage: StorageConfig.postgresql(),
      schema: z.object({ n: z.number() }),
    });
    const entry = defineModel({
      group: 'crm',
      name: 'Entry',
      schema: z.object({ ledger: z.string() }),
      relations: { ledger: 'Ledger' },
    });
    expect(mapModel(entry, (key) => (key === ledger.key ? ledger : undefined)).schemaDocument).toMatchObject({
      ledger: 'xsd:string',
    });
  });

  it('refuses a relation to a model it cannot find', () => {
    expect(() => mapModel(contact, () => undefined)).toThrow(ConfigurationError);
  });

  it('uses the tableName as class name when one is given', () => {
    const model = defineModel({
      group: 'lab',
      name: 'Sample',
      storage: StorageConfig.terminusdb({ tableName: 'LabSample' }),
      schema: z.object({ a: z.string() }),
    });
    expect(mapModel(model, lookup).className).toBe('LabSample');
  });

  it('refuses a field named like the hidden id property', () => {
    const model = defineModel({ group: 'lab', name: 'Clash', schema: z.object({ _sqh_id: z.string() }) });
    expect(() => mapModel(model, lookup)).toThrow(/reserved/);
  });
});
