import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  errorType,
  rejectionOf,
  startTestServer,
  type TestServer,
  uniqueDatabaseName,
} from './support/test-server.js';

const PERSON = {
  '@type': 'Class',
  '@id': 'Person',
  '@key': { '@type': 'Lexical', '@fields': ['name'] },
  name: 'xsd:string',
};

describe('schema graph', () => {
  let server: TestServer;
  const created: string[] = [];

  /** A fresh database per test: schema tests change the whole schema graph. */
  const freshDatabase = async () => {
    const name = uniqueDatabaseName('emu_schema');
    await clientFor(server).createDatabase(name, { label: name, schema: true });
    created.push(name);
    return clientFor(server, name);
  };

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    for (const name of created)
      await clientFor(server)
        .deleteDatabase(name)
        .catch(() => undefined);
    await server.close();
  });

  it('answers a schema insert with the class names', async () => {
    const client = await freshDatabase();
    const ids = await client.addDocument(
      [{ ...PERSON }, { '@type': 'Enum', '@id': 'Colour', '@value': ['red'] }],
      {
        graph_type: 'schema',
      },
    );
    expect(ids).toEqual(['Person', 'Colour']);
  });

  it('lists the @context first, then the classes', async () => {
    const client = await freshDatabase();
    await client.addDocument([{ ...PERSON }], { graph_type: 'schema' });
    const schema = await client.getDocument({ graph_type: 'schema', as_list: true });
    expect(schema[0]).toMatchObject({
      '@type': '@context',
      '@base': 'terminusdb:///data/',
      '@schema': 'terminusdb:///schema#',
    });
    expect(schema.slice(1).map((document: { '@id': string }) => document['@id'])).toEqual(['Person']);
  });

  it('returns one class by id', async () => {
    const client = await freshDatabase();
    await client.addDocument([{ ...PERSON }], { graph_type: 'schema' });
    const person = await client.getDocument({ graph_type: 'schema', id: 'Person' });
    expect(person).toMatchObject({ '@type': 'Class', '@id': 'Person', name: 'xsd:string' });
  });

  it('rejects a field of an unknown class with api:SchemaCheckFailure and stores nothing', async () => {
    const client = await freshDatabase();
    const broken = { '@type': 'Class', '@id': 'Broken', owner: 'Nobody' };
    const { status, data } = await rejectionOf(
      client.addDocument([{ ...PERSON }, broken], { graph_type: 'schema' }),
    );
    expect(status).toBe(400);
    expect(data['@type']).toBe('api:InsertDocumentErrorResponse');
    expect(errorType(data)).toBe('api:SchemaCheckFailure');
    const schema = await client.getDocument({ graph_type: 'schema', as_list: true });
    expect(schema).toHaveLength(1);
  });

  it('refuses a class that already exists with api:DocumentIdAlreadyExists', async () => {
    const client = await freshDatabase();
    await client.addDocument([{ ...PERSON }], { graph_type: 'schema' });
    const { status, data } = await rejectionOf(client.addDocument([{ ...PERSON }], { graph_type: 'schema' }));
    expect(status).toBe(400);
    expect(errorType(data)).toBe('api:DocumentIdAlreadyExists');
  });

  it('replaces a class in place', async () => {
    const client = await freshDatabase();
    await client.addDocument([{ ...PERSON }], { graph_type: 'schema' });
    await client.updateDocument(
      { ...PERSON, email: { '@type': 'Optional', '@class': 'xsd:string' } },
      { graph_type: 'schema' },
    );
    const person = await client.getDocument({ graph_type: 'schema', id: 'Person' });
    expect(person.email).toEqual({ '@type': 'Optional', '@class': 'xsd:string' });
  });

  it('refuses to delete a class that documents still use', async () => {
    const client = await freshDatabase();
    await client.addDocument([{ ...PERSON }], { graph_type: 'schema' });
    await client.addDocument({ '@type': 'Person', name: 'Ann' });
    const { status, data } = await rejectionOf(client.deleteDocument({ graph_type: 'schema', id: 'Person' }));
    expect(status).toBe(400);
    expect(errorType(data)).toBe('api:SchemaCheckFailure');
  });

  it('deletes an unused class', async () => {
    const client = await freshDatabase();
    await client.addDocument([{ ...PERSON }, { '@type': 'Class', '@id': 'Spare', note: 'xsd:string' }], {
      graph_type: 'schema',
    });
    await client.deleteDocument({ graph_type: 'schema', id: 'Spare' });
    const schema = await client.getDocument({ graph_type: 'schema', as_list: true });
    expect(schema.map((document: { '@id'?: string }) => document['@id'])).not.toContain('Spare');
  });

  it('refuses an @context without full_replace with api:InsertingContext', async () => {
    const client = await freshDatabase();
    const context = {
      '@type': '@context',
      '@base': 'terminusdb:///data/',
      '@schema': 'terminusdb:///schema#',
    };
    const { status, data } = await rejectionOf(
      client.addDocument([context, { ...PERSON }], { graph_type: 'schema' }),
    );
    expect(status).toBe(400);
    expect(errorType(data)).toBe('api:InsertingContext');
  });

  it('replaces the whole schema with full_replace', async () => {
    const client = await freshDatabase();
    await client.addDocument([{ '@type': 'Class', '@id': 'Old', x: 'xsd:string' }], { graph_type: 'schema' });
    const context = {
      '@type': '@context',
      '@base': 'terminusdb:///data/',
      '@schema': 'terminusdb:///schema#',
    };
    await client.addDocument([context, { ...PERSON }], { graph_type: 'schema', full_replace: true });
    const schema = await client.getDocument({ graph_type: 'schema', as_list: true });
    expect(schema.slice(1).map((document: { '@id': string }) => document['@id'])).toEqual(['Person']);
  });

  it('requires @fields for a Lexical key with api:KeyMissingFields', async () => {
    const client = await freshDatabase();
    const bad = { '@type': 'Class', '@id': 'Keyless', '@key': { '@type': 'Lexical' }, name: 'xsd:string' };
    const { status, data } = await rejectionOf(client.addDocument([bad], { graph_type: 'schema' }));
    expect(status).toBe(400);
    expect(errorType(data)).toBe('api:KeyMissingFields');
  });

  it('requires a key on subdocuments with api:SubdocumentKeyMissing', async () => {
    const client = await freshDatabase();
    const bad = { '@type': 'Class', '@id': 'Part', '@subdocument': [], label: 'xsd:string' };
    const { status, data } = await rejectionOf(client.addDocument([bad], { graph_type: 'schema' }));
    expect(status).toBe(400);
    expect(errorType(data)).toBe('api:SubdocumentKeyMissing');
  });
});
