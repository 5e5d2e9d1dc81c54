import type { WOQLClient } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseWithSchema, DOCUMENT_SCHEMA } from './support/fixtures.js';
import {
  clientFor,
  errorType,
  rawRequest,
  rejectionOf,
  startTestServer,
  type TestServer,
  uniqueDatabaseName,
} from './support/test-server.js';

describe('query by template', () => {
  let server: TestServer;
  let database: string;
  let client: WOQLClient;

  /** Ids of the Persons matching a template, sorted. */
  const personsMatching = async (query: object): Promise<string[]> => {
    const documents = await clientFor(server, database).getDocument({ type: 'Person', as_list: true, query });
    return documents.map((document: { '@id': string }) => document['@id']).sort();
  };

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_query');
    await createDatabaseWithSchema(clientFor(server), database, DOCUMENT_SCHEMA);
    client = clientFor(server, database);
    await client.addDocument([
      {
        '@type': 'Person',
        name: 'Ann',
        age: 30,
        address: { '@type': 'Address', street: 'Elm 1', city: 'Oslo' },
      },
      {
        '@type': 'Person',
        name: 'Bob',
        age: 25,
        address: { '@type': 'Address', street: 'Oak 2', city: 'Rome' },
      },
      { '@type': 'Person', name: 'Cid' },
      { '@type': 'Person', name: 'Anders', age: 30 },
    ]);
  });

  afterAll(async () => {
    await clientFor(server)
      .deleteDatabase(database)
      .catch(() => undefined);
    await server.close();
  });

  it('matches a string field exactly', async () => {
    expect(await personsMatching({ name: 'Bob' })).toEqual(['Person/Bob']);
  });

  it('matches an integer field with the value cast to the field type', async () => {
    expect(await personsMatching({ age: 30 })).toEqual(['Person/Anders', 'Person/Ann']);
  });

  it('matches a string field with @regex', async () => {
    expect(await personsMatching({ name: { '@regex': '^An' } })).toEqual(['Person/Anders', 'Person/Ann']);
  });

  it('matches any of several templates with @one-of', async () => {
    expect(await personsMatching({ '@one-of': [{ name: 'Bob' }, { name: 'Cid' }] })).toEqual([
      'Person/Bob',
      'Person/Cid',
    ]);
  });

  it('matches all of several templates with @all', async () => {
    expect(await personsMatching({ '@all': [{ age: 30 }, { name: { '@regex': 'n$' } }] })).toEqual([
      'Person/Ann',
    ]);
  });

  it('matches a missing optional field or a matching one with @if-exists', async () => {
    expect(await personsMatching({ age: { '@if-exists': 25 } })).toEqual(['Person/Bob', 'Person/Cid']);
  });

  it('matches nested subdocument fields', async () => {
    expect(await personsMatching({ address: { city: 'Rome' } })).toEqual(['Person/Bob']);
  });

  it('combines several fields as a conjunction', async () => {
    expect(await personsMatching({ age: 30, name: 'Anders' })).toEqual(['Person/Anders']);
  });

  it('pages query results with skip and count', async () => {
    const page = await clientFor(server, database).getDocument({
      type: 'Person',
      as_list: true,
      skip: 1,
      count: 1,
      query: { age: 30 },
    });
    expect(page).toHaveLength(1);
  });

  it('answers a query without as_list as newline-delimited JSON', async () => {
    const response = await rawRequest(server, 'POST', `/api/document/admin/${database}`, {
      body: JSON.stringify({ type: 'Person', query: { name: 'Cid' } }),
      headers: { 'X-HTTP-Method-Override': 'GET' },
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text.trim())).toMatchObject({ '@id': 'Person/Cid' });
  });

  it('rejects an unknown property in the template', async () => {
    const { status, data } = await rejectionOf(
      clientFor(server, database).getDocument({ type: 'Person', as_list: true, query: { shoe: 1 } }),
    );
    expect(status).toBe(400);
    expect(data['@type']).toBe('api:GetDocumentErrorResponse');
    expect(errorType(data)).toBe('api:QueryUnrecognizedPropertyForType');
  });

  it('rejects a value that cannot be cast to the field type', async () => {
    const { status, data } = await rejectionOf(
      clientFor(server, database).getDocument({ type: 'Person', as_list: true, query: { age: 'thirty' } }),
    );
    expect(status).toBe(400);
    expect(errorType(data)).toBe('api:QueryCastingError');
  });

  it('rejects @regex on a non-string field', async () => {
    const { status } = await rejectionOf(
      clientFor(server, database).getDocument({
        type: 'Person',
        as_list: true,
        query: { age: { '@regex': '3' } },
      }),
    );
    expect(status).toBe(400);
  });
});
