import { createHash } from 'node:crypto';
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

const DATA = 'terminusdb:///data/';

describe('instance documents', () => {
  let server: TestServer;
  let database: string;
  let client: WOQLClient;
  const created: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_docs');
    created.push(database);
    await createDatabaseWithSchema(clientFor(server), database, DOCUMENT_SCHEMA);
    client = clientFor(server, database);
  });

  afterAll(async () => {
    for (const name of created)
      await clientFor(server)
        .deleteDatabase(name)
        .catch(() => undefined);
    await server.close();
  });

  const documentPath = (query: string) => `/api/document/admin/${database}?author=test&message=test&${query}`;

  describe('insert', () => {
    it('answers a single insert with the full IRI', async () => {
      const ids = await client.addDocument({ '@type': 'Person', name: 'Ann' });
      expect(ids).toEqual([`${DATA}Person/Ann`]);
    });

    it('answers an array insert with the IRIs in order', async () => {
      const ids = await client.addDocument([
        { '@type': 'Person', name: 'Bea' },
        { '@type': 'Person', name: 'Cal' },
      ]);
      expect(ids).toEqual([`${DATA}Person/Bea`, `${DATA}Person/Cal`]);
    });

    it('accepts a stream of documents', async () => {
      const body = `${JSON.stringify({ '@type': 'Tag', '@id': 'Tag/s1', label: 'one' })}\n${JSON.stringify({
        '@type': 'Tag',
        '@id': 'Tag/s2',
        label: 'two',
      })}\n`;
      const response = await rawRequest(server, 'POST', documentPath(''), { body });
      expect(response.status).toBe(200);
      expect(response.json()).toEqual([`${DATA}Tag/s1`, `${DATA}Tag/s2`]);
    });

    it('builds Lexical ids from URI-encoded key values', async () => {
      const ids = await client.addDocument([
        { '@type': 'Person', name: 'Dee Lo' },
        { '@type': 'Person', name: 'a+b/c' },
      ]);
      expect(ids).toEqual([`${DATA}Person/Dee%20Lo`, `${DATA}Person/a%2Bb%2Fc`]);
    });

    it('builds Hash ids from the sha256 of the joined key values', async () => {
      const [id] = await client.addDocument({ '@type': 'Fingerprint', owner: 'ann', finger: 3 });
      const hash = createHash('sha256').update('ann+3').digest('hex');
      expect(id).toBe(`${DATA}Fingerprint/${hash}`);
    });

    it('gives equal content the same ValueHash id', async () => {
      const [first] = await client.addDocument({ '@type': 'Snapshot', content: 'same' });
      const [second] = await client.addDocument({ '@type': 'Snapshot', content: 'same' });
      const [other] = await client.addDocument({ '@type': 'Snapshot', content: 'different' });
      expect(second).toBe(first);
      expect(other).not.toBe(first);
      expect(first).toMatch(/^terminusdb:\/\/\/data\/Snapshot\//);
    });

    it('generates distinct Random ids under the class prefix', async () => {
      const ids = await client.addDocument([
        { '@type': 'Note', text: 'x' },
        { '@type': 'Note', text: 'x' },
      ]);
      expect(ids[0]).toMatch(/^terminusdb:\/\/\/data\/Note\/.+/);
      expect(ids[1]).not.toBe(ids[0]);
    });

    it('keeps a submitted id for a Random key', async () => {
      const ids = await client.addDocument({ '@type': 'Note', '@id': 'Note/chosen', text: 'mine' });
      expect(ids).toEqual([`${DATA}Note/chosen`]);
    });

    it('refuses a submitted id without the class prefix', async () => {
      const { status, data } = await rejectionOf(
        client.addDocument({ '@type': 'Tag', '@id': 'Other/x', label: 'l' }),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:SubmittedDocumentIdDoesNotHaveExpectedPrefix');
    });

    it('refuses a submitted id that disagrees with the Lexical key', async () => {
      const { status, data } = await rejectionOf(
        client.addDocument({ '@type': 'Person', '@id': 'Person/Wrong', name: 'Eve' }),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:SubmittedIdDoesNotMatchGeneratedId');
    });

    it('refuses an existing id with api:DocumentIdAlreadyExists', async () => {
      await client.addDocument({ '@type': 'Person', name: 'Fay' });
      const { status, data } = await rejectionOf(client.addDocument({ '@type': 'Person', name: 'Fay' }));
      expect(status).toBe(400);
      expect(data['@type']).toBe('api:InsertDocumentErrorResponse');
      expect(errorType(data)).toBe('api:DocumentIdAlreadyExists');
    });

    it('refuses an unknown class with api:TypeNotFound', async () => {
      const { status, data } = await rejectionOf(client.addDocument({ '@type': 'Spaceship', name: 'x' }));
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:TypeNotFound');
    });

    it('refuses an unknown property with an unknown_property_for_type witness', async () => {
      const { status, data } = await rejectionOf(
        client.addDocument({ '@type': 'Person', name: 'Gus', shoe: 44 }),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:SchemaCheckFailure');
      expect((data['api:error'] as { 'api:witnesses': unknown[] })['api:witnesses']).toStrictEqual([
        {
          '@type': 'unknown_property_for_type',
          document: {
            '@type': 'terminusdb:///schema#Person',
            'terminusdb:///schema#name': 'Gus',
            'terminusdb:///schema#shoe': 44,
          },
          property: ['terminusdb:///schema#shoe'],
          type: 'terminusdb:///schema#Person',
        },
      ]);
    });

    it('refuses a value of the wrong xsd type with api:BadCast', async () => {
      const { status, data } = await rejectionOf(
        client.addDocument({ '@type': 'Person', name: 'Hal', age: 'old' }),
      );
      expect(status).toBe(400);
      expect(data['api:error']).toStrictEqual({
        '@type': 'api:BadCast',
        'api:value': 'old',
        'api:type': 'http://www.w3.org/2001/XMLSchema#integer',
      });
    });

    it.each([
      ['a missing required field', { '@type': 'Person', age: 3 }],
      ['a link to a missing document', { '@type': 'Person', name: 'Ida', friends: ['Person/Nobody'] }],
      ['a link to a document of another class', { '@type': 'Person', name: 'Jo', friends: ['Tag/s1'] }],
      [
        'a value outside the enum',
        { '@type': 'Ticket', code: 'T0', status: 'lost', steps: [], amount: 1, urgent: false },
      ],
      [
        'a list given as a single value',
        { '@type': 'Ticket', code: 'T1', status: 'open', steps: 'x', amount: 1, urgent: false },
      ],
    ])('refuses %s with api:SchemaCheckFailure', async (_, document) => {
      const { status, data } = await rejectionOf(client.addDocument(structuredClone(document)));
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:SchemaCheckFailure');
      expect((data['api:error'] as { 'api:witnesses': unknown[] })['api:witnesses'].length).toBeGreaterThan(
        0,
      );
    });

    it('writes nothing when one document of a request is invalid', async () => {
      const { status } = await rejectionOf(
        client.addDocument([
          { '@type': 'Person', name: 'Kim' },
          { '@type': 'Person', name: 'Lee', age: 'not a number' },
        ]),
      );
      expect(status).toBe(400);
      const missing = await rejectionOf(clientFor(server, database).getDocument({ id: 'Person/Kim' }));
      expect(missing.status).toBe(404);
    });

    it('inserts a new document given inline in a link field', async () => {
      await client.addDocument({
        '@type': 'Person',
        name: 'Vic',
        friends: [{ '@type': 'Person', name: 'Zed' }],
      });
      expect(await client.getDocument({ id: 'Person/Vic' })).toMatchObject({ friends: ['Person/Zed'] });
      expect(await client.getDocument({ id: 'Person/Zed' })).toMatchObject({ name: 'Zed' });
    });

    it('accepts links between documents of the same request', async () => {
      const ids = await client.addDocument([
        { '@type': 'Person', name: 'Mo', friends: ['Person/Ned'] },
        { '@type': 'Person', name: 'Ned', friends: ['Person/Mo'] },
      ]);
      expect(ids).toHaveLength(2);
    });
  });

  describe('get', () => {
    it('returns a document with compressed ids and typed values', async () => {
      await client.addDocument([
        { '@type': 'Person', name: 'Ola', age: 41, nicknames: ['o'], friends: ['Person/Ann'] },
        {
          '@type': 'Ticket',
          code: 'T-1',
          status: 'open',
          steps: ['triage', 'fix', 'ship'],
          amount: 12.5,
          urgent: true,
          due: '2024-05-01T10:00:00Z',
        },
      ]);
      expect(await client.getDocument({ id: 'Person/Ola' })).toEqual({
        '@id': 'Person/Ola',
        '@type': 'Person',
        name: 'Ola',
        age: 41,
        nicknames: ['o'],
        friends: ['Person/Ann'],
      });
      expect(await client.getDocument({ id: 'Ticket/T-1' })).toEqual({
        '@id': 'Ticket/T-1',
        '@type': 'Ticket',
        code: 'T-1',
        status: 'open',
        steps: ['triage', 'fix', 'ship'],
        amount: 12.5,
        urgent: true,
        due: '2024-05-01T10:00:00Z',
      });
    });

    it('inlines subdocuments with ids under their parent', async () => {
      await client.addDocument({
        '@type': 'Person',
        name: 'Pia',
        address: { '@type': 'Address', street: 'Main 1', city: 'Oslo' },
      });
      const pia = await client.getDocument({ id: 'Person/Pia' });
      expect(pia.address).toMatchObject({ '@type': 'Address', street: 'Main 1', city: 'Oslo' });
      expect(pia.address['@id']).toMatch(/^Person\/Pia\/address\/Address\/.+/);
    });

    it('reports a missing document as 404 api:DocumentNotFound', async () => {
      const { status, data } = await rejectionOf(client.getDocument({ id: 'Person/Nobody' }));
      expect(status).toBe(404);
      expect(data['@type']).toBe('api:GetDocumentErrorResponse');
      expect(data['api:status']).toBe('api:not_found');
      expect(data['api:error']).toMatchObject({
        '@type': 'api:DocumentNotFound',
        'api:document_id': 'Person/Nobody',
      });
    });

    it('lists the documents of a type with as_list', async () => {
      const tags = await client.getDocument({ type: 'Tag', as_list: true });
      expect(tags.map((tag: { '@id': string }) => tag['@id'])).toEqual(['Tag/s1', 'Tag/s2']);
    });

    it('pages with skip and count', async () => {
      const all = await client.getDocument({ type: 'Person', as_list: true });
      const page = await client.getDocument({ type: 'Person', as_list: true, skip: 1, count: 2 });
      expect(page).toEqual(all.slice(1, 3));
    });

    it('answers newline-delimited JSON without as_list', async () => {
      const text = await client.getDocument({ type: 'Tag' });
      expect(typeof text).toBe('string');
      const lines = (text as string)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { '@id': string });
      expect(lines.map((tag) => tag['@id'])).toEqual(['Tag/s1', 'Tag/s2']);
    });
  });

  describe('replace', () => {
    it('replaces an existing document', async () => {
      await client.addDocument({ '@type': 'Person', name: 'Quinn', age: 20 });
      const ids = await client.updateDocument({
        '@id': 'Person/Quinn',
        '@type': 'Person',
        name: 'Quinn',
        age: 21,
      });
      expect(ids).toEqual([`${DATA}Person/Quinn`]);
      expect(await client.getDocument({ id: 'Person/Quinn' })).toMatchObject({ age: 21 });
    });

    it('reports replacing a missing document as 404 api:DocumentNotFound', async () => {
      const { status, data } = await rejectionOf(
        client.updateDocument({ '@id': 'Person/Rex', '@type': 'Person', name: 'Rex' }),
      );
      expect(status).toBe(404);
      expect(data['@type']).toBe('api:ReplaceDocumentErrorResponse');
      expect(errorType(data)).toBe('api:DocumentNotFound');
    });

    it('inserts a missing document with create=true', async () => {
      const document = { '@id': 'Person/Sam', '@type': 'Person', name: 'Sam' };
      await client.updateDocument(document, {}, '', 'upsert', '', false, false, true);
      expect(await client.getDocument({ id: 'Person/Sam' })).toMatchObject({ name: 'Sam' });
    });

    it('keeps the old document when the replacement is invalid', async () => {
      await client.addDocument({ '@type': 'Person', name: 'Tia', age: 30 });
      const { status } = await rejectionOf(
        client.updateDocument({ '@id': 'Person/Tia', '@type': 'Person', name: 'Tia', age: 'x' }),
      );
      expect(status).toBe(400);
      expect(await client.getDocument({ id: 'Person/Tia' })).toMatchObject({ age: 30 });
    });
  });

  describe('delete', () => {
    it('deletes by id and answers 204', async () => {
      await client.addDocument({ '@type': 'Person', name: 'Uma' });
      const response = await rawRequest(server, 'DELETE', documentPath('id=Person/Uma'));
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect((await rejectionOf(client.getDocument({ id: 'Person/Uma' }))).status).toBe(404);
    });

    it('deletes a list of ids given in the body', async () => {
      await client.addDocument([
        { '@type': 'Person', name: 'Val' },
        { '@type': 'Person', name: 'Wes' },
      ]);
      await client.deleteDocument({ id: ['Person/Val', 'Person/Wes'] });
      expect((await rejectionOf(client.getDocument({ id: 'Person/Val' }))).status).toBe(404);
      expect((await rejectionOf(client.getDocument({ id: 'Person/Wes' }))).status).toBe(404);
    });

    it('reports deleting a missing document as 404 api:DocumentNotFound', async () => {
      const { status, data } = await rejectionOf(client.deleteDocument({ id: 'Person/Nobody' }));
      expect(status).toBe(404);
      expect(data['@type']).toBe('api:DeleteDocumentErrorResponse');
      expect(errorType(data)).toBe('api:DocumentNotFound');
    });

    it('refuses to delete a document another one links to', async () => {
      await client.addDocument([
        { '@type': 'Person', name: 'Xia' },
        { '@type': 'Person', name: 'Yan', friends: ['Person/Xia'] },
      ]);
      const { status, data } = await rejectionOf(client.deleteDocument({ id: 'Person/Xia' }));
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:SchemaCheckFailure');
    });

    it('deletes every document of a type', async () => {
      await client.addDocument([
        { '@type': 'Note', text: 'a' },
        { '@type': 'Note', text: 'b' },
      ]);
      const response = await rawRequest(server, 'DELETE', documentPath('type=Note'));
      expect(response.status).toBe(204);
      expect(await client.getDocument({ type: 'Note', as_list: true })).toEqual([]);
    });

    it('needs a target with api:MissingTargets', async () => {
      const response = await rawRequest(server, 'DELETE', documentPath(''));
      expect(response.status).toBe(400);
      expect(errorType(response.json() as Record<string, unknown>)).toBe('api:MissingTargets');
    });

    it('needs an author with api:MissingParameter', async () => {
      const response = await rawRequest(
        server,
        'DELETE',
        `/api/document/admin/${database}?message=m&id=Person/Ann`,
      );
      expect(response.status).toBe(400);
      expect(response.json()).toMatchObject({
        'api:error': { '@type': 'api:MissingParameter', 'api:parameter': 'author' },
      });
    });

    it('removes every document with nuke', async () => {
      const name = uniqueDatabaseName('emu_nuke');
      created.push(name);
      await createDatabaseWithSchema(clientFor(server), name, DOCUMENT_SCHEMA);
      const scratch = clientFor(server, name);
      await scratch.addDocument([
        { '@type': 'Person', name: 'A' },
        { '@type': 'Tag', label: 't' },
      ]);
      const response = await rawRequest(
        server,
        'DELETE',
        `/api/document/admin/${name}?author=a&message=m&nuke=true`,
      );
      expect(response.status).toBe(204);
      expect(await scratch.getDocument({ as_list: true })).toEqual([]);
    });
  });
});
