import { WOQL, type WOQLClient } from 'terminusdb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { bindingsOf, str } from './support/woql-helpers.js';

describe('WOQL DeleteDocument', () => {
  let server: TestServer;
  let database: string;
  let client: WOQLClient;

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_woql_delete');
    await createDatabaseWithSchema(clientFor(server), database, DOCUMENT_SCHEMA);
    client = clientFor(server, database);
  });

  beforeEach(async () => {
    await rawRequest(server, 'DELETE', `/api/document/admin/${database}?author=test&message=reset&nuke=true`);
    await client.addDocument([
      { '@type': 'Person', name: 'Ann', friends: ['Person/Bob'] },
      { '@type': 'Person', name: 'Bob' },
      { '@type': 'Person', name: 'Cid', nicknames: ['C', 'Cee'] },
    ]);
  });

  afterAll(async () => {
    await clientFor(server)
      .deleteDatabase(database)
      .catch(() => undefined);
    await server.close();
  });

  const names = async () =>
    (await bindingsOf(client, WOQL.triple('v:p', 'name', 'v:n')))
      .map((binding) => (binding.n as { '@value': string })['@value'])
      .sort();

  it('deletes the documents a query matches, in one commit, and counts the triples removed', async () => {
    const query = WOQL.and(WOQL.triple('v:p', 'name', WOQL.string('Cid')), WOQL.delete_document('v:p'));
    const response = await client.query(query, 'delete Cid');
    expect(response.deletes).toBeGreaterThanOrEqual(4);
    expect(await names()).toStrictEqual(['Ann', 'Bob']);
    expect((await rejectionOf(client.getDocument({ id: 'Person/Cid' }))).status).toBe(404);
  });

  it('deletes nothing, and makes no commit, when the query matches nothing', async () => {
    const before = await rawRequest(server, 'GET', `/api/document/admin/${database}?id=Person/Ann`);
    const query = WOQL.and(WOQL.triple('v:p', 'name', WOQL.string('Nobody')), WOQL.delete_document('v:p'));
    const response = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
      body: JSON.stringify({ query: query.json(), commit_info: { author: 'test', message: 'nothing' } }),
    });
    expect(response.status).toBe(200);
    expect((response.json() as { deletes: number }).deletes).toBe(0);
    expect(response.headers.get('TerminusDB-Data-Version')).toBe(
      before.headers.get('TerminusDB-Data-Version'),
    );
    expect(await names()).toStrictEqual(['Ann', 'Bob', 'Cid']);
  });

  it('answers from the state before the deletion and moves the data version', async () => {
    const before = await rawRequest(server, 'GET', `/api/document/admin/${database}?id=Person/Ann`);
    const query = WOQL.select('v:n').and(
      WOQL.triple('v:p', 'name', 'v:n'),
      WOQL.eq('v:n', WOQL.string('Cid')),
      WOQL.delete_document('v:p'),
    );
    const response = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
      body: JSON.stringify({ query: query.json() }),
    });
    expect((response.json() as { bindings: unknown[] }).bindings).toStrictEqual([{ n: str('Cid') }]);
    expect(response.headers.get('TerminusDB-Data-Version')).not.toBe(
      before.headers.get('TerminusDB-Data-Version'),
    );
  });

  it('refuses to delete a document another one links to, and deletes nothing', async () => {
    const response = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
      body: JSON.stringify({
        query: WOQL.and(WOQL.eq('v:p', 'Person/Bob'), WOQL.delete_document('v:p')).json(),
      }),
    });
    expect(response.status).toBe(400);
    expect(errorType(response.json() as Record<string, unknown>)).toBe('api:SchemaCheckFailure');
    expect(await names()).toStrictEqual(['Ann', 'Bob', 'Cid']);
  });

  it('is guarded by the data version like every write', async () => {
    const response = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
      body: JSON.stringify({
        query: WOQL.and(WOQL.eq('v:p', 'Person/Cid'), WOQL.delete_document('v:p')).json(),
      }),
      headers: { 'TerminusDB-Data-Version': 'branch:stale' },
    });
    expect(response.status).toBe(400);
    expect(errorType(response.json() as Record<string, unknown>)).toBe('api:DataVersionMismatch');
    expect(await names()).toStrictEqual(['Ann', 'Bob', 'Cid']);
  });
});
