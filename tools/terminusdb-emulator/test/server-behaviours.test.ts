import { request as httpRequest } from 'node:http';
import { WOQL } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  errorType,
  type RawResponse,
  rawRequest,
  rejectionOf,
  startTestServer,
  type TestServer,
  uniqueDatabaseName,
} from './support/test-server.js';

/**
 * The behaviours of "Server behaviours the emulator must match" in the TerminusDB reference,
 * one test each, with the same expectations against the emulator and a real server
 * (TERMINUSDB_URL).
 */
const SCHEMA = 'terminusdb:///schema#';
const DATA = 'terminusdb:///data/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

const CLASSES = [
  {
    '@type': 'Class',
    '@id': 'Thing',
    '@key': { '@type': 'Lexical', '@fields': ['name'] },
    name: 'xsd:string',
    count: { '@type': 'Optional', '@class': 'xsd:integer' },
    amount: { '@type': 'Optional', '@class': 'xsd:decimal' },
    ratio: { '@type': 'Optional', '@class': 'xsd:double' },
    tags: { '@type': 'Set', '@class': 'xsd:string', '@min_cardinality': 1, '@max_cardinality': 2 },
    part: { '@type': 'Optional', '@class': 'Part' },
  },
  {
    '@type': 'Class',
    '@id': 'Part',
    '@unfoldable': [],
    '@key': { '@type': 'Lexical', '@fields': ['label'] },
    label: 'xsd:string',
    next: { '@type': 'Optional', '@class': 'Part' },
  },
  { '@type': 'Class', '@id': 'Shape', '@abstract': [], sides: 'xsd:integer' },
  {
    '@type': 'Class',
    '@id': 'Customer',
    '@key': { '@type': 'Lexical', '@fields': ['name'] },
    name: 'xsd:string',
  },
  {
    '@type': 'Class',
    '@id': 'Order',
    '@key': { '@type': 'Lexical', '@fields': ['code'] },
    code: 'xsd:string',
    customer: { '@type': 'Optional', '@class': 'Customer', '@unfold': true },
    referrer: { '@type': 'Optional', '@class': 'Customer' },
  },
  {
    '@type': 'Class',
    '@id': 'Parent',
    '@base': 'parent/',
    '@key': { '@type': 'Lexical', '@fields': ['name'] },
    name: 'xsd:string',
  },
];

describe('server behaviours', () => {
  let server: TestServer;
  let database: string;
  const created: string[] = [];

  const documents = (query = '') =>
    `/api/document/admin/${database}?author=test&message=test${query === '' ? '' : `&${query}`}`;
  const post = (query: string, body: unknown) =>
    rawRequest(server, 'POST', documents(query), { body: JSON.stringify(body) });
  const errorOf = (response: RawResponse) =>
    (response.json() as Record<string, unknown>)['api:error'] as Record<string, unknown>;
  const witnessesOf = (response: RawResponse) => errorOf(response)['api:witnesses'];
  const thing = (name: string, extra: Record<string, unknown> = {}) => ({
    '@type': 'Thing',
    name,
    tags: ['t'],
    ...extra,
  });

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_behaviours');
    created.push(database);
    const client = clientFor(server);
    await client.createDatabase(database, { label: database, comment: 'server behaviours', schema: true });
    const schema = await post('graph_type=schema', CLASSES);
    expect(schema.status).toBe(200);
  });

  afterAll(async () => {
    for (const name of created)
      await clientFor(server)
        .deleteDatabase(name)
        .catch(() => undefined);
    await server.close();
  });

  describe('GET of documents', () => {
    it('answers an id with as_list=true as an array, and a missing id as 200 []', async () => {
      expect((await post('', thing('listed'))).status).toBe(200);
      const found = await rawRequest(server, 'GET', documents('id=Thing/listed&as_list=true'));
      expect(found.status).toBe(200);
      expect(found.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      expect(found.json()).toStrictEqual([
        { '@id': 'Thing/listed', '@type': 'Thing', name: 'listed', tags: ['t'] },
      ]);
      const missing = await rawRequest(server, 'GET', documents('id=Thing/nobody&as_list=true'));
      expect(missing.status).toBe(200);
      expect(missing.json()).toStrictEqual([]);
    });

    it('streams one document per line without as_list', async () => {
      expect((await post('', [thing('s1'), thing('s2')])).status).toBe(200);
      const response = await rawRequest(server, 'GET', documents('type=Thing'));
      expect(response.headers.get('content-type')).toBe('application/json; stream=true; charset=UTF-8');
      expect(response.headers.get('content-length')).toBeNull();
      const lines = response.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { name: string });
      expect(lines.map((line) => line.name)).toEqual(expect.arrayContaining(['s1', 's2']));
    });

    it('reads GET parameters from a JSON body', async () => {
      expect((await post('', thing('bodied'))).status).toBe(200);
      const response = await getWithBody(server, `/api/document/admin/${database}`, {
        id: 'Thing/bodied',
        as_list: true,
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toStrictEqual([
        { '@id': 'Thing/bodied', '@type': 'Thing', name: 'bodied', tags: ['t'] },
      ]);
    });

    it('expands @type and property names with compress_ids=false', async () => {
      expect((await post('', thing('expanded'))).status).toBe(200);
      const response = await rawRequest(
        server,
        'GET',
        documents('id=Thing/expanded&as_list=true&compress_ids=false'),
      );
      expect(response.json()).toStrictEqual([
        {
          '@id': `${DATA}Thing/expanded`,
          '@type': `${SCHEMA}Thing`,
          [`${SCHEMA}name`]: 'expanded',
          [`${SCHEMA}tags`]: ['t'],
        },
      ]);
    });
  });

  describe('schema check failures', () => {
    it('reports an unknown property as an unknown_property_for_type witness', async () => {
      const response = await post('', { '@type': 'Part', label: 'u', colour: 'red' });
      expect(response.status).toBe(400);
      expect(errorType(response.json() as Record<string, unknown>)).toBe('api:SchemaCheckFailure');
      expect(witnessesOf(response)).toStrictEqual([
        {
          '@type': 'unknown_property_for_type',
          document: { '@type': `${SCHEMA}Part`, [`${SCHEMA}label`]: 'u', [`${SCHEMA}colour`]: 'red' },
          property: [`${SCHEMA}colour`],
          type: `${SCHEMA}Part`,
        },
      ]);
    });

    it('refuses a boolean for a string field with api:UnexpectedBooleanValue', async () => {
      const response = await post('', { '@type': 'Part', label: true });
      expect(response.status).toBe(400);
      expect(errorOf(response)).toStrictEqual({
        '@type': 'api:UnexpectedBooleanValue',
        'api:value': true,
        'api:expected_type': `${XSD}string`,
      });
    });

    it('refuses an uncastable value with api:BadCast naming the full type IRI', async () => {
      const response = await post('', thing('badcast', { count: 'many' }));
      expect(response.status).toBe(400);
      expect(errorOf(response)).toStrictEqual({
        '@type': 'api:BadCast',
        'api:value': 'many',
        'api:type': `${XSD}integer`,
      });
    });

    it('reports a nested object of no fitting class as no_unique_type_for_document under the field', async () => {
      const response = await post('', thing('untyped', { part: { bogus: 'abc' } }));
      expect(response.status).toBe(400);
      expect(witnessesOf(response)).toStrictEqual([
        { [`${SCHEMA}part`]: { '@type': 'no_unique_type_for_document', document: { bogus: 'abc' } } },
      ]);
    });

    it('infers the class of a nested object without @type when one class fits', async () => {
      expect((await post('', thing('inferred', { part: { label: 'p-inferred' } }))).status).toBe(200);
      const part = await rawRequest(server, 'GET', documents('id=Part/p-inferred&as_list=true'));
      expect(part.json()).toStrictEqual([{ '@id': 'Part/p-inferred', '@type': 'Part', label: 'p-inferred' }]);
    });

    it('reports a list for a single value as unexpected_list', async () => {
      const response = await post('', { '@type': 'Part', label: ['a', 'b'] });
      expect(witnessesOf(response)).toStrictEqual([
        { '@type': 'unexpected_list', type: `${XSD}string`, value: ['a', 'b'] },
      ]);
    });

    it('reports an instance of an abstract class as reifying_abstract_class', async () => {
      const response = await post('', { '@type': 'Shape', '@id': 'Shape/s', sides: 3 });
      expect(witnessesOf(response)).toStrictEqual([
        { '@type': 'reifying_abstract_class', class: `${SCHEMA}Shape`, subject: `${DATA}Shape/s` },
      ]);
    });

    it('reports a missing required field with full IRIs', async () => {
      const response = await post('', { '@type': 'Part' });
      expect(witnessesOf(response)).toStrictEqual([
        {
          '@type': 'required_field_does_not_exist_in_document',
          document: { '@type': `${SCHEMA}Part` },
          field: `${SCHEMA}label`,
        },
      ]);
    });

    it('enforces Set cardinality bounds on write', async () => {
      const over = await post('', thing('crowded', { tags: ['a', 'b', 'c'] }));
      expect(witnessesOf(over)).toStrictEqual([
        {
          '@type': 'field_has_wrong_cardinality',
          actual: 3,
          document: {
            '@type': `${SCHEMA}Thing`,
            [`${SCHEMA}name`]: 'crowded',
            [`${SCHEMA}tags`]: ['a', 'b', 'c'],
          },
          field: `${SCHEMA}tags`,
          min: 1,
          max: 2,
        },
      ]);
      const under = await post('', { '@type': 'Thing', name: 'lonely' });
      expect(witnessesOf(under)).toStrictEqual([
        {
          '@type': 'required_field_does_not_exist_in_document',
          document: { '@type': `${SCHEMA}Thing`, [`${SCHEMA}name`]: 'lonely' },
          field: `${SCHEMA}tags`,
        },
      ]);
    });
  });

  describe('error bodies', () => {
    it('reports a duplicate id with the full IRI and a request id', async () => {
      expect((await post('', thing('twice'))).status).toBe(200);
      const response = await post('', thing('twice'));
      expect(response.status).toBe(400);
      const body = response.json() as Record<string, unknown>;
      expect(body['@type']).toBe('api:InsertDocumentErrorResponse');
      expect(errorOf(response)['@type']).toBe('api:DocumentIdAlreadyExists');
      expect(errorOf(response)['api:document_id']).toBe(`${DATA}Thing/twice`);
      expect(typeof body['api:request_id']).toBe('string');
      expect(response.headers.get('terminusdb-data-version')).toBeNull();
    });

    it('reports a deleted missing document with the full IRI', async () => {
      const response = await rawRequest(server, 'DELETE', documents('id=Thing/ghost'));
      expect(response.status).toBe(404);
      expect(errorOf(response)['api:document_id']).toBe(`${DATA}Thing/ghost`);
      expect(typeof (response.json() as Record<string, unknown>)['api:request_id']).toBe('string');
    });
  });

  describe('schema replacement', () => {
    it('refuses full_replace without a leading @context, an empty body included, and keeps the schema', async () => {
      const without = await post('graph_type=schema&full_replace=true', [CLASSES[1]]);
      expect(without.status).toBe(400);
      expect(errorOf(without)['@type']).toBe('api:NoContextFoundInSchema');
      const empty = await rawRequest(server, 'POST', documents('graph_type=schema&full_replace=true'), {
        body: '',
      });
      expect(empty.status).toBe(400);
      expect(errorOf(empty)['@type']).toBe('api:NoContextFoundInSchema');
      const schema = await rawRequest(server, 'GET', documents('graph_type=schema&as_list=true'));
      const ids = (schema.json() as { '@id'?: string }[]).map((document) => document['@id']);
      expect(ids).toEqual(expect.arrayContaining(['Thing', 'Part', 'Shape', 'Parent', 'Order']));
    });
  });

  describe('numbers', () => {
    it('keeps integers and decimals exact at any size', async () => {
      const text = `{"@type":"Thing","name":"exact","tags":["t"],"count":12345678901234567890,"amount":1.23456789012345678901}`;
      expect((await rawRequest(server, 'POST', documents(), { body: text })).status).toBe(200);
      const response = await rawRequest(server, 'GET', documents('id=Thing/exact&as_list=true'));
      expect(response.text).toContain('"count":12345678901234567890');
      expect(response.text).toContain('"amount":1.23456789012345678901');
    });
  });

  describe('unfolding and ids', () => {
    it('inlines documents of an @unfoldable class and stops at a cycle', async () => {
      const parts = [
        { '@type': 'Part', '@id': 'Part/a', label: 'a', next: 'Part/b' },
        { '@type': 'Part', '@id': 'Part/b', label: 'b', next: 'Part/a' },
      ];
      expect((await post('', parts)).status).toBe(200);
      expect((await post('', thing('holder', { part: 'Part/a' }))).status).toBe(200);
      const response = await rawRequest(server, 'GET', documents('id=Thing/holder&as_list=true'));
      expect(response.json()).toStrictEqual([
        {
          '@id': 'Thing/holder',
          '@type': 'Thing',
          name: 'holder',
          tags: ['t'],
          part: {
            '@id': 'Part/a',
            '@type': 'Part',
            label: 'a',
            next: { '@id': 'Part/b', '@type': 'Part', label: 'b', next: 'Part/a' },
          },
        },
      ]);
    });

    it('inlines the document a field with @unfold links to, and keeps @unfold in the schema', async () => {
      const customer = { '@type': 'Customer', name: 'cara' };
      expect((await post('', customer)).status).toBe(200);
      const order = { '@type': 'Order', code: 'o1', customer: 'Customer/cara', referrer: 'Customer/cara' };
      expect((await post('', order)).status).toBe(200);
      const response = await rawRequest(server, 'GET', documents('id=Order/o1&as_list=true'));
      expect(response.json()).toStrictEqual([
        {
          '@id': 'Order/o1',
          '@type': 'Order',
          code: 'o1',
          customer: { '@id': 'Customer/cara', '@type': 'Customer', name: 'cara' },
          referrer: 'Customer/cara',
        },
      ]);
      const schema = await rawRequest(server, 'GET', documents('graph_type=schema&id=Order&as_list=true'));
      expect((schema.json() as { customer: unknown }[])[0]?.customer).toStrictEqual({
        '@type': 'Optional',
        '@class': 'Customer',
        '@unfold': true,
      });
    });

    it('prefixes generated ids with a class @base', async () => {
      const response = await post('', { '@type': 'Parent', name: 'x' });
      expect(response.json()).toStrictEqual([`${DATA}parent/x`]);
    });
  });

  describe('WOQL', () => {
    const woql = (query: object) => clientFor(server, database).query(query as never);

    it('unifies Equals with both sides unbound', async () => {
      const answer = await woql(WOQL.and(WOQL.eq('v:a', 'v:b'), WOQL.eq('v:a', WOQL.string('x'))));
      expect(answer.bindings).toStrictEqual([
        { a: { '@type': 'xsd:string', '@value': 'x' }, b: { '@type': 'xsd:string', '@value': 'x' } },
      ]);
    });

    it('accepts True as a query, alone and inside And', async () => {
      for (const query of [{ '@type': 'True' }, { '@type': 'And', and: [{ '@type': 'True' }] }]) {
        const response = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
          body: JSON.stringify({ query }),
        });
        expect(response.status).toBe(200);
        expect((response.json() as { bindings: unknown }).bindings).toStrictEqual([{}]);
      }
    });

    it('answers a query with no viable order with api:NoViableMode', async () => {
      const { status, data } = await rejectionOf(woql(WOQL.less('v:never', 3)));
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:NoViableMode');
    });

    it('casts a double to a string with its fraction', async () => {
      const answer = await woql(WOQL.typecast(WOQL.literal(33, 'xsd:double'), 'xsd:string', 'v:text'));
      expect(answer.bindings).toStrictEqual([{ text: { '@type': 'xsd:string', '@value': '33.0' } }]);
    });

    it('names the full type IRI in a WOQL BadCast', async () => {
      const { status, data } = await rejectionOf(woql(WOQL.typecast(WOQL.string('x'), 'xsd:integer', 'v:n')));
      expect(status).toBe(400);
      expect((data['api:error'] as Record<string, unknown>)['api:type']).toBe(`${XSD}integer`);
    });

    it('answers a comparison across numeric families with IncompatibleNumericComparison', async () => {
      const { status, data } = await rejectionOf(
        woql(WOQL.less(WOQL.literal(1, 'xsd:integer'), WOQL.literal(2, 'xsd:double'))),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:IncompatibleNumericComparison');
    });
  });

  describe('databases', () => {
    it.each([
      ['containing |', 'it|has|pipes'],
      ['longer than 246 characters', 'd'.repeat(247)],
    ])('refuses a name %s with api:InvalidDatabaseName', async (_, name) => {
      const response = await rawRequest(server, 'POST', `/api/db/admin/${encodeURIComponent(name)}`, {
        body: JSON.stringify({ label: 'x' }),
      });
      expect(response.status).toBe(400);
      expect(errorOf(response)).toStrictEqual({
        '@type': 'api:InvalidDatabaseName',
        'api:database_name': name,
      });
    });

    it('refuses an empty name', async () => {
      const response = await rawRequest(server, 'POST', '/api/db/admin/', {
        body: JSON.stringify({ label: 'x' }),
      });
      expect(response.status).toBe(400);
    });

    it('answers a create with api:database_uri and lists branches on request', async () => {
      const name = uniqueDatabaseName('emu_uri');
      created.push(name);
      const response = await rawRequest(server, 'POST', `/api/db/admin/${name}`, {
        body: JSON.stringify({ label: name }),
      });
      expect(response.status).toBe(200);
      expect(typeof (response.json() as Record<string, unknown>)['api:database_uri']).toBe('string');
      const listing = await rawRequest(server, 'GET', '/api/db?branches=true');
      const entry = (listing.json() as { path?: string; branches?: unknown }[]).find(
        (database) => database.path === `admin/${name}`,
      );
      expect(entry?.branches).toEqual(['main']);
    });
  });

  describe('data versions', () => {
    it('sends TerminusDB-Data-Version on document GET, WOQL, insert, replace and delete', async () => {
      const header = (response: RawResponse) => response.headers.get('terminusdb-data-version');
      const inserted = await post('', thing('versioned'));
      expect(header(inserted)).toMatch(/^branch:/);
      const replaced = await rawRequest(server, 'PUT', documents(), {
        body: JSON.stringify(thing('versioned', { count: 2 })),
      });
      expect(header(replaced)).toMatch(/^branch:/);
      const read = await rawRequest(server, 'GET', documents('id=Thing/versioned&as_list=true'));
      expect(header(read)).toBe(header(replaced));
      const query = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
        body: JSON.stringify({ query: { '@type': 'True' } }),
      });
      expect(header(query)).toBe(header(replaced));
      const deleted = await rawRequest(server, 'DELETE', documents('id=Thing/versioned'));
      expect(deleted.status).toBe(204);
      expect(header(deleted)).toMatch(/^branch:/);
      expect(header(deleted)).not.toBe(header(replaced));
    });
  });
});

/** A GET with a JSON body, which fetch cannot send. */
function getWithBody(
  server: TestServer,
  path: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const url = new URL(path, server.url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'GET',
        headers: {
          Authorization: `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
