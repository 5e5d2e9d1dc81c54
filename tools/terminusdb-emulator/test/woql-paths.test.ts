import { WOQL, type WOQLClient } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseWithSchema } from './support/fixtures.js';
import { clientFor, startTestServer, type TestServer, uniqueDatabaseName } from './support/test-server.js';
import { bindingsOf, dec, sorted, str, valuesOf } from './support/woql-helpers.js';

const CRM_SCHEMA = [
  {
    '@type': 'Class',
    '@id': 'Account',
    '@key': { '@type': 'Lexical', '@fields': ['name'] },
    name: 'xsd:string',
    contacts: { '@type': 'Set', '@class': 'Contact' },
  },
  {
    '@type': 'Class',
    '@id': 'Contact',
    '@key': { '@type': 'Lexical', '@fields': ['name'] },
    name: 'xsd:string',
    opportunities: { '@type': 'Set', '@class': 'Opportunity' },
  },
  {
    '@type': 'Class',
    '@id': 'Opportunity',
    '@key': { '@type': 'Lexical', '@fields': ['name'] },
    name: 'xsd:string',
    account: { '@type': 'Optional', '@class': 'Account' },
  },
];

/**
 * accounts -> contacts -> opportunities, with a cycle back to the accounts:
 *
 *   acme   --contacts-->      ann, bob        globex --contacts--> cid
 *   ann    --opportunities--> o1, o2          bob    --opportunities--> o2
 *   o1     --account-->       acme (cycle)    o2     --account--> globex
 */
const CRM_DATA = [
  { '@type': 'Account', name: 'acme', contacts: ['Contact/ann', 'Contact/bob'] },
  { '@type': 'Account', name: 'globex', contacts: ['Contact/cid'] },
  { '@type': 'Contact', name: 'ann', opportunities: ['Opportunity/o1', 'Opportunity/o2'] },
  { '@type': 'Contact', name: 'bob', opportunities: ['Opportunity/o2'] },
  { '@type': 'Contact', name: 'cid' },
  { '@type': 'Opportunity', name: 'o1', account: 'Account/acme' },
  { '@type': 'Opportunity', name: 'o2', account: 'Account/globex' },
];

const edge = (subject: string, field: string, object: string) => ({
  '@type': 'woql:Edge',
  'woql:subject': subject,
  'woql:predicate': `@schema:${field}`,
  'woql:object': object,
});

describe('WOQL paths', () => {
  let server: TestServer;
  let database: string;
  let client: WOQLClient;

  /** The ends of every path matching `pattern` from `start`, sorted (one entry per distinct path). */
  const endsFrom = (start: string, pattern: string) =>
    valuesOf(client, WOQL.path(start, pattern, 'v:end'), 'end');

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_paths');
    await createDatabaseWithSchema(clientFor(server), database, CRM_SCHEMA);
    client = clientFor(server, database);
    await client.addDocument(structuredClone(CRM_DATA));
  });

  afterAll(async () => {
    await clientFor(server)
      .deleteDatabase(database)
      .catch(() => undefined);
    await server.close();
  });

  it('follows a field forward', async () => {
    expect(await endsFrom('Account/acme', 'contacts')).toEqual(sorted(['Contact/ann', 'Contact/bob']));
  });

  it('follows a sequence, once per distinct path', async () => {
    expect(await endsFrom('Account/acme', 'contacts,opportunities')).toEqual(
      sorted(['Opportunity/o1', 'Opportunity/o2', 'Opportunity/o2']),
    );
  });

  it('follows a field backward', async () => {
    expect(await endsFrom('Opportunity/o2', '<opportunities')).toEqual(
      sorted(['Contact/ann', 'Contact/bob']),
    );
  });

  it('follows either branch of a choice', async () => {
    expect(await endsFrom('Opportunity/o1', 'account|<opportunities')).toEqual(
      sorted(['Account/acme', 'Contact/ann']),
    );
  });

  it('follows any field, including rdf:type and data fields, with "."', async () => {
    expect(await endsFrom('Contact/bob', '.')).toEqual(
      sorted(['@schema:Contact', str('bob'), 'Opportunity/o2']),
    );
  });

  it('repeats a pattern one or more times around the cycle with +', async () => {
    expect(await endsFrom('Account/acme', '(contacts,opportunities,account)+')).toEqual(
      sorted(['Account/acme', 'Account/globex', 'Account/globex']),
    );
  });

  it('includes the start itself with *', async () => {
    expect(await endsFrom('Account/acme', '(contacts,opportunities,account)*')).toEqual(
      sorted(['Account/acme', 'Account/acme', 'Account/globex', 'Account/globex']),
    );
  });

  it('matches only the start with * when there is nothing to follow', async () => {
    expect(await endsFrom('Contact/cid', 'opportunities*')).toEqual(sorted(['Contact/cid']));
  });

  it('bounds repetition with {n,m}', async () => {
    expect(await endsFrom('Account/acme', '(contacts|opportunities|account){1,2}')).toEqual(
      sorted(['Contact/ann', 'Contact/bob', 'Opportunity/o1', 'Opportunity/o2', 'Opportunity/o2']),
    );
    expect(await endsFrom('Account/acme', '(contacts|opportunities|account){2,2}')).toEqual(
      sorted(['Opportunity/o1', 'Opportunity/o2', 'Opportunity/o2']),
    );
  });

  it('binds the path variable to the edges walked', async () => {
    const rows = await bindingsOf(
      client,
      WOQL.path('Account/acme', 'contacts,opportunities', 'Opportunity/o1', 'v:p'),
    );
    expect(rows).toEqual([
      {
        p: [
          edge('Account/acme', 'contacts', 'Contact/ann'),
          edge('Contact/ann', 'opportunities', 'Opportunity/o1'),
        ],
      },
    ]);
  });

  it('reports each distinct path to the same end', async () => {
    const rows = await bindingsOf(
      client,
      WOQL.path('Account/acme', 'contacts,opportunities', 'Opportunity/o2', 'v:p'),
    );
    expect(sorted(rows.map((row) => row.p))).toEqual(
      sorted([
        [
          edge('Account/acme', 'contacts', 'Contact/ann'),
          edge('Contact/ann', 'opportunities', 'Opportunity/o2'),
        ],
        [
          edge('Account/acme', 'contacts', 'Contact/bob'),
          edge('Contact/bob', 'opportunities', 'Opportunity/o2'),
        ],
      ]),
    );
  });

  it('walks from a bound object back to an unbound subject', async () => {
    expect(
      await valuesOf(client, WOQL.path('v:start', 'contacts,opportunities', 'Opportunity/o1'), 'start'),
    ).toEqual(sorted(['Account/acme']));
  });

  it('enumerates pairs when both ends are unbound', async () => {
    const rows = await bindingsOf(client, WOQL.path('v:from', 'account', 'v:to'));
    expect(sorted(rows.map((row) => [row.from, row.to]))).toEqual(
      sorted([
        ['Opportunity/o1', 'Account/acme'],
        ['Opportunity/o2', 'Account/globex'],
      ]),
    );
  });

  it('never reuses an edge of the current path, so cycles end', async () => {
    const rows = await bindingsOf(
      client,
      WOQL.count('v:n', WOQL.path('Account/acme', '(contacts|opportunities|account)+', 'v:end')),
    );
    expect(rows).toEqual([{ n: dec(10) }]);
  });

  it('finds the shortest path length with order_by, length and limit', async () => {
    const query = WOQL.limit(1)
      .order_by('v:length')
      .and(
        WOQL.path('Account/acme', '(contacts|opportunities|account){1,3}', 'Opportunity/o2', 'v:p'),
        WOQL.length('v:p', 'v:length'),
      );
    const rows = await bindingsOf(client, query);
    expect(rows[0]?.length).toEqual(dec(2));
  });

  it('joins a path with triples on its end', async () => {
    const query = WOQL.and(
      WOQL.path('Contact/bob', 'opportunities,account', 'v:account'),
      WOQL.triple('v:account', 'name', 'v:name'),
    );
    expect(await valuesOf(client, query, 'name')).toEqual(sorted([str('globex')]));
  });
});
