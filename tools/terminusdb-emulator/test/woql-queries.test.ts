import { WOQL, type WOQLClient } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseWithSchema, DOCUMENT_SCHEMA } from './support/fixtures.js';
import {
  clientFor,
  errorType,
  rawRequest,
  startTestServer,
  type TestServer,
  uniqueDatabaseName,
} from './support/test-server.js';
import { bindingsOf, dec, int, sorted, str, valuesOf } from './support/woql-helpers.js';

describe('WOQL queries', () => {
  let server: TestServer;
  let database: string;
  let client: WOQLClient;

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_woql');
    await createDatabaseWithSchema(clientFor(server), database, DOCUMENT_SCHEMA);
    client = clientFor(server, database);
    await client.addDocument([
      {
        '@type': 'Person',
        name: 'Ann',
        age: 30,
        friends: ['Person/Bob'],
        address: { '@type': 'Address', street: 'Elm 1', city: 'Oslo' },
      },
      { '@type': 'Person', name: 'Bob', age: 25, friends: ['Person/Ann', 'Person/Cid'] },
      { '@type': 'Person', name: 'Cid' },
      {
        '@type': 'Ticket',
        code: 'T1',
        status: 'open',
        steps: ['a', 'b', 'c'],
        amount: 10.5,
        urgent: true,
        due: '2024-01-01T00:00:00Z',
      },
      {
        '@type': 'Ticket',
        code: 'T2',
        status: 'closed',
        steps: [],
        amount: 3,
        urgent: false,
        due: '2024-06-01T00:00:00Z',
      },
    ]);
  });

  afterAll(async () => {
    await clientFor(server)
      .deleteDatabase(database)
      .catch(() => undefined);
    await server.close();
  });

  it('answers in the WoqlResponse shape with ids as strings and literals typed', async () => {
    const response = await client.query(WOQL.triple('v:person', 'name', WOQL.string('Ann')));
    expect(response).toMatchObject({
      '@type': 'api:WoqlResponse',
      'api:status': 'api:success',
      'api:variable_names': ['person'],
      bindings: [{ person: 'Person/Ann' }],
      inserts: 0,
      deletes: 0,
    });
  });

  it('binds literal objects of a triple', async () => {
    expect(await valuesOf(client, WOQL.triple('v:p', 'name', 'v:name'), 'name')).toEqual(
      sorted([str('Ann'), str('Bob'), str('Cid')]),
    );
  });

  it('follows links with a triple', async () => {
    expect(await valuesOf(client, WOQL.triple('Person/Bob', 'friends', 'v:f'), 'f')).toEqual(
      sorted(['Person/Ann', 'Person/Cid']),
    );
  });

  it('finds documents by rdf:type', async () => {
    const query = WOQL.triple('v:p', 'rdf:type', '@schema:Person');
    expect(await valuesOf(client, query, 'p')).toEqual(sorted(['Person/Ann', 'Person/Bob', 'Person/Cid']));
  });

  it('joins triples with And', async () => {
    const query = WOQL.and(
      WOQL.triple('Person/Ann', 'friends', 'v:f'),
      WOQL.triple('v:f', 'friends', 'v:ff'),
    );
    expect(await valuesOf(client, query, 'ff')).toEqual(sorted(['Person/Ann', 'Person/Cid']));
  });

  it('unites alternatives with Or', async () => {
    const query = WOQL.or(
      WOQL.triple('v:p', 'name', WOQL.string('Ann')),
      WOQL.triple('v:p', 'name', WOQL.string('Cid')),
    );
    expect(await valuesOf(client, query, 'p')).toEqual(sorted(['Person/Ann', 'Person/Cid']));
  });

  it('excludes solutions with Not', async () => {
    const query = WOQL.and(
      WOQL.triple('v:p', 'rdf:type', '@schema:Person'),
      WOQL.not(WOQL.triple('v:p', 'age', 'v:age')),
    );
    expect(await valuesOf(client, query, 'p')).toEqual(sorted(['Person/Cid']));
  });

  it('keeps solutions without a match with Optional, leaving the variable null', async () => {
    const query = WOQL.and(
      WOQL.triple('v:p', 'rdf:type', '@schema:Person'),
      WOQL.opt(WOQL.triple('v:p', 'age', 'v:age')),
    );
    const rows = await bindingsOf(client, query);
    expect(sorted(rows.map((row) => [row.p, row.age]))).toEqual(
      sorted([
        ['Person/Ann', int(30)],
        ['Person/Bob', int(25)],
        ['Person/Cid', null],
      ]),
    );
  });

  it('reports only the selected variables with Select', async () => {
    const response = await client.query(WOQL.select('v:p').and(WOQL.triple('v:p', 'name', 'v:n')));
    expect(response['api:variable_names']).toEqual(['p']);
    expect(Object.keys(response.bindings[0])).toEqual(['p']);
  });

  it('removes duplicate solutions with Distinct', async () => {
    const all = await bindingsOf(client, WOQL.select('v:p').triple('v:p', 'friends', 'v:f'));
    const distinct = await bindingsOf(
      client,
      WOQL.select('v:p').distinct('v:p').triple('v:p', 'friends', 'v:f'),
    );
    expect(sorted(all.map((row) => row.p))).toEqual(sorted(['Person/Ann', 'Person/Bob', 'Person/Bob']));
    expect(sorted(distinct.map((row) => row.p))).toEqual(sorted(['Person/Ann', 'Person/Bob']));
  });

  it('pages solutions with Start and Limit', async () => {
    const ordered = WOQL.order_by('v:n').triple('v:p', 'name', 'v:n');
    const page = await bindingsOf(
      client,
      WOQL.limit(1).start(1).order_by('v:n').triple('v:p', 'name', 'v:n'),
    );
    const all = await bindingsOf(client, ordered);
    expect(page).toEqual([all[1]]);
  });

  it('orders solutions ascending and descending with OrderBy', async () => {
    const ascending = await bindingsOf(client, WOQL.order_by('v:age').triple('v:p', 'age', 'v:age'));
    const descending = await bindingsOf(
      client,
      WOQL.order_by(['v:age', 'desc']).triple('v:p', 'age', 'v:age'),
    );
    expect(ascending.map((row) => row.p)).toEqual(['Person/Bob', 'Person/Ann']);
    expect(descending.map((row) => row.p)).toEqual(['Person/Ann', 'Person/Bob']);
  });

  it('binds a variable with Equals', async () => {
    const rows = await bindingsOf(client, WOQL.eq('v:x', WOQL.string('hello')));
    expect(rows).toEqual([{ x: str('hello') }]);
  });

  it('compares an integer field with a decimal literal using Greater and Less', async () => {
    const older = WOQL.and(WOQL.triple('v:p', 'age', 'v:age'), WOQL.greater('v:age', 26));
    const younger = WOQL.and(WOQL.triple('v:p', 'age', 'v:age'), WOQL.less('v:age', 26));
    expect(await valuesOf(client, older, 'p')).toEqual(sorted(['Person/Ann']));
    expect(await valuesOf(client, younger, 'p')).toEqual(sorted(['Person/Bob']));
  });

  it('compares date-times chronologically', async () => {
    const query = WOQL.and(
      WOQL.triple('v:t', 'due', 'v:due'),
      WOQL.greater('v:due', WOQL.literal('2024-03-01T00:00:00Z', 'xsd:dateTime')),
    );
    expect(await valuesOf(client, query, 't')).toEqual(sorted(['Ticket/T2']));
  });

  it('runs a comparison written before the triple that binds its input', async () => {
    const query = WOQL.and(WOQL.greater('v:age', 26), WOQL.triple('v:p', 'age', 'v:age'));
    expect(await valuesOf(client, query, 'p')).toEqual(sorted(['Person/Ann']));
  });

  it('matches case-insensitively with Regexp and (?i)', async () => {
    const query = WOQL.and(WOQL.triple('v:p', 'name', 'v:name'), WOQL.regexp('(?i)^b', 'v:name', 'v:groups'));
    const rows = await bindingsOf(client, query);
    expect(rows.map((row) => [row.p, row.groups])).toEqual([['Person/Bob', [str('B')]]]);
  });

  it('binds capture groups with Regexp', async () => {
    const rows = await bindingsOf(
      client,
      WOQL.regexp('(a)(b+)', WOQL.string('xabbz'), ['v:all', 'v:first', 'v:second']),
    );
    expect(rows).toEqual([{ all: str('abb'), first: str('a'), second: str('bb') }]);
  });

  it('reads a whole document with ReadDocument', async () => {
    const rows = await bindingsOf(client, WOQL.read_document('Ticket/T1', 'v:doc'));
    expect(rows[0]?.doc).toEqual({
      '@id': 'Ticket/T1',
      '@type': 'Ticket',
      code: 'T1',
      status: 'open',
      steps: ['a', 'b', 'c'],
      amount: 10.5,
      urgent: true,
      due: '2024-01-01T00:00:00Z',
    });
  });

  it('reads a document field with Dot', async () => {
    const query = WOQL.and(WOQL.read_document('Person/Ann', 'v:doc'), WOQL.dot('v:doc', 'name', 'v:name'));
    expect((await bindingsOf(client, query))[0]?.name).toBe('Ann');
  });

  it('measures a list with Length', async () => {
    const query = WOQL.and(
      WOQL.read_document('Ticket/T1', 'v:doc'),
      WOQL.dot('v:doc', 'steps', 'v:steps'),
      WOQL.length('v:steps', 'v:n'),
    );
    expect((await bindingsOf(client, query))[0]?.n).toEqual(dec(3));
  });

  it('enumerates list elements with Member', async () => {
    expect(await valuesOf(client, WOQL.member('v:x', [WOQL.string('a'), WOQL.string('b')]), 'x')).toEqual(
      sorted([str('a'), str('b')]),
    );
  });

  it('checks and enumerates class membership with IsA', async () => {
    expect(await bindingsOf(client, WOQL.isa('Person/Ann', 'Person'))).toHaveLength(1);
    expect(await bindingsOf(client, WOQL.isa('Person/Ann', 'Ticket'))).toHaveLength(0);
  });

  it('counts the solutions of a sub-query with Count', async () => {
    const rows = await bindingsOf(
      client,
      WOQL.count('v:n', WOQL.triple('v:p', 'rdf:type', '@schema:Person')),
    );
    expect(rows).toEqual([{ n: dec(3) }]);
  });

  it('filters, matches case-insensitively and counts in one query', async () => {
    const query = WOQL.count(
      'v:n',
      WOQL.and(
        WOQL.triple('v:p', 'rdf:type', '@schema:Person'),
        WOQL.triple('v:p', 'name', 'v:name'),
        WOQL.regexp('(?i)[ab]', 'v:name', 'v:m'),
        WOQL.triple('v:p', 'age', 'v:age'),
        WOQL.not(WOQL.less('v:age', 26)),
      ),
    );
    expect(await bindingsOf(client, query)).toEqual([{ n: dec(1) }]);
  });

  it('reports the type of a literal with TypeOf', async () => {
    const query = WOQL.and(WOQL.triple('Person/Ann', 'age', 'v:age'), WOQL.type_of('v:age', 'v:type'));
    expect((await bindingsOf(client, query))[0]?.type).toBe('xsd:integer');
  });

  it('casts a literal with Typecast', async () => {
    const query = WOQL.and(
      WOQL.triple('Person/Ann', 'age', 'v:age'),
      WOQL.typecast('v:age', 'xsd:string', 'v:text'),
    );
    expect((await bindingsOf(client, query))[0]?.text).toEqual(str('30'));
  });

  it('rejects a node that is not WOQL with a vio:WOQLSyntaxError', async () => {
    const response = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
      body: JSON.stringify({ query: { '@type': 'Frobnicate', x: 1 } }),
    });
    expect(response.status).toBe(400);
    const body = response.json() as Record<string, unknown>;
    expect(body['@type']).toBe('api:WoqlErrorResponse');
    expect(errorType(body)).toBe('vio:WOQLSyntaxError');
    expect(body['api:error']).toMatchObject({ 'vio:query': { '@type': 'Frobnicate' } });
  });
});
