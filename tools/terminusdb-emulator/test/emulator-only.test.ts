import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WOQL, WOQLClient } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { createDatabaseWithSchema, DOCUMENT_SCHEMA } from './support/fixtures.js';
import { errorType, rejectionOf } from './support/test-server.js';

/** Behaviour only the emulator has (request log, its own choices): never run against a real server. */
describe('emulator only', () => {
  let emulator: RunningEmulator;
  let client: WOQLClient;

  const raw = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from('admin:root').toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
    };
  };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    const admin = new WOQLClient(emulator.url, { user: 'admin', key: 'root', organization: 'admin' });
    await createDatabaseWithSchema(admin, 'only', DOCUMENT_SCHEMA);
    client = new WOQLClient(emulator.url, { user: 'admin', key: 'root', organization: 'admin', db: 'only' });
    await client.addDocument([
      { '@type': 'Person', name: 'Ann', age: 30, nicknames: ['annie', 'nan'] },
      { '@type': 'Person', name: 'Bob', age: 25, nicknames: ['bobby'] },
    ]);
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe('request log', () => {
    it('counts one request per client call', async () => {
      emulator.resetRequests();
      await client.getDocument({ id: 'Person/Ann' });
      await client.query(WOQL.triple('v:s', 'name', 'v:n'));
      expect(emulator.requestCount()).toBe(2);
    });

    it('records the method, path and query of each request', async () => {
      emulator.resetRequests();
      await client.getDocument({ id: 'Person/Ann' });
      expect(emulator.requests).toEqual([
        { method: 'GET', path: '/api/document/admin/only/local/branch/main', query: 'id=Person/Ann' },
      ]);
    });

    it('forgets recorded requests on reset', async () => {
      await client.getDocument({ id: 'Person/Ann' });
      emulator.resetRequests();
      expect(emulator.requestCount()).toBe(0);
      expect(emulator.requests).toEqual([]);
    });

    it('counts failed requests too', async () => {
      emulator.resetRequests();
      await rejectionOf(client.getDocument({ id: 'Person/Nobody' }));
      expect(emulator.requestCount()).toBe(1);
    });
  });

  describe('options and lifecycle', () => {
    it('accepts the configured credentials only', async () => {
      const custom = await startEmulator({ user: 'alice', password: 'secret' });
      try {
        const good = new WOQLClient(custom.url, { user: 'alice', key: 'secret', organization: 'admin' });
        expect((await good.info())['api:status']).toBe('api:success');
        const bad = new WOQLClient(custom.url, { user: 'admin', key: 'root', organization: 'admin' });
        expect((await rejectionOf(bad.info())).status).toBe(401);
      } finally {
        await custom.close();
      }
    });

    it('refuses bearer tokens', async () => {
      const response = await fetch(`${emulator.url}/api/info`, { headers: { Authorization: 'Bearer abc' } });
      expect(response.status).toBe(401);
    });

    it('keeps the state of two emulators apart', async () => {
      const other = await startEmulator();
      try {
        const response = await fetch(`${other.url}/api/db`, {
          headers: { Authorization: `Basic ${Buffer.from('admin:root').toString('base64')}` },
        });
        expect(await response.json()).toEqual([]);
      } finally {
        await other.close();
      }
    });

    it('says it is an emulator in /api/info', async () => {
      const info = await client.info();
      expect(info['api:info'].emulator).toContain('not TerminusDB');
    });

    it('starts from the command line on an ephemeral port and says it is an emulator', async () => {
      const packageDir = fileURLToPath(new URL('..', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--', '--port', '0'], {
        cwd: packageDir,
      });
      try {
        let output = '';
        child.stdout.setEncoding('utf8');
        while (!/Listening on (http:\/\/\S+)/.test(output)) {
          const [chunk] = (await once(child.stdout, 'data')) as [string];
          output += chunk;
        }
        expect(output).toContain('This is an emulator, not TerminusDB');
        const url = /Listening on (http:\/\/\S+)/.exec(output)?.[1];
        expect((await fetch(`${url}/api/ok`)).status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    });
  });

  describe('choices where TerminusDB is not specified', () => {
    it('makes Random ids of 16 URL-safe base64 characters', async () => {
      const [id] = await client.addDocument({ '@type': 'Note', text: 'n' });
      expect(id).toMatch(/^terminusdb:\/\/\/data\/Note\/[A-Za-z0-9_-]{16}$/);
    });

    it('makes ValueHash ids of a 64 hex digit sha256', async () => {
      const [id] = await client.addDocument({ '@type': 'Snapshot', content: 'c' });
      expect(id).toMatch(/^terminusdb:\/\/\/data\/Snapshot\/[0-9a-f]{64}$/);
    });

    it('gets several documents by id with the ids parameter', async () => {
      const ids = encodeURIComponent(JSON.stringify(['Person/Bob', 'Person/Ann']));
      const response = await raw('GET', `/api/document/admin/only?as_list=true&ids=${ids}`);
      expect(
        (response.body as unknown as Array<{ '@id': string }>).map((document) => document['@id']),
      ).toEqual(['Person/Bob', 'Person/Ann']);
    });

    it('matches set fields by membership and with @all in templates', async () => {
      const member = await client.getDocument({
        type: 'Person',
        as_list: true,
        query: { nicknames: 'bobby' },
      });
      const both = await client.getDocument({
        type: 'Person',
        as_list: true,
        query: { nicknames: { '@all': ['annie', 'nan'] } },
      });
      expect(member.map((document: { '@id': string }) => document['@id'])).toEqual(['Person/Bob']);
      expect(both.map((document: { '@id': string }) => document['@id'])).toEqual(['Person/Ann']);
    });

    it('accepts gzip-compressed request bodies', async () => {
      const notes = Array.from({ length: 40 }, (_, index) => ({
        '@type': 'Note',
        text: `note number ${index} `.repeat(3),
      }));
      const ids = await client.addDocument(notes, {}, '', 'bulk', '', false, true);
      expect(ids).toHaveLength(40);
    });

    it('serves only the main branch', async () => {
      const response = await raw('GET', '/api/document/admin/only/local/branch/dev?as_list=true');
      expect(response.status).toBe(400);
      expect(errorType(response.body ?? {})).toBe('api:UnresolvableAbsoluteDescriptor');
    });
  });

  describe('schema shapes', () => {
    let shapes: WOQLClient;

    beforeAll(async () => {
      const admin = new WOQLClient(emulator.url, { user: 'admin', key: 'root', organization: 'admin' });
      await createDatabaseWithSchema(admin, 'shapes', [
        { '@type': 'Class', '@id': 'Party', '@abstract': [], name: 'xsd:string' },
        {
          '@type': 'Class',
          '@id': 'Company',
          '@inherits': 'Party',
          '@key': { '@type': 'Lexical', '@fields': ['name'] },
          vat: 'xsd:string',
        },
        {
          '@type': 'Class',
          '@id': 'Event',
          '@key': { '@type': 'Random' },
          at: 'xsd:dateTime',
          scores: { '@type': 'Array', '@class': 'xsd:integer' },
        },
      ]);
      shapes = new WOQLClient(emulator.url, {
        user: 'admin',
        key: 'root',
        organization: 'admin',
        db: 'shapes',
      });
    });

    it('gives a subclass its parent fields and lists it under the parent type', async () => {
      await shapes.addDocument({ '@type': 'Company', name: 'Acme', vat: 'NO1' });
      const parties = await shapes.getDocument({ type: 'Party', as_list: true });
      expect(parties).toEqual([{ '@id': 'Company/Acme', '@type': 'Company', name: 'Acme', vat: 'NO1' }]);
    });

    it.each([
      ['a two-dimensional Array', { '@type': 'Array', '@class': 'xsd:integer', '@dimensions': 2 }],
      ['an unknown field keyword', { '@type': 'Optional', '@class': 'xsd:string', '@shape': 'x' }],
    ])('refuses %s instead of ignoring it', async (_, field) => {
      const { status, data } = await rejectionOf(
        shapes.addDocument([{ '@type': 'Class', '@id': 'Odd', field }], { graph_type: 'schema' }),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:NotSupportedByEmulator');
    });

    it('refuses to instantiate an abstract class', async () => {
      const { status, data } = await rejectionOf(
        shapes.addDocument({ '@type': 'Party', '@id': 'Party/x', name: 'x' }),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:SchemaCheckFailure');
    });

    it('stores date-times in UTC and keeps array order', async () => {
      const [id] = await shapes.addDocument({
        '@type': 'Event',
        at: '2024-05-01T12:00:00+02:00',
        scores: [3, 1, 2],
      });
      const event = await shapes.getDocument({ id: id.replace('terminusdb:///data/', '') });
      expect(event).toMatchObject({ at: '2024-05-01T10:00:00Z', scores: [3, 1, 2] });
    });
  });

  describe('loud gaps', () => {
    it('names a WOQL node it does not implement', async () => {
      const { status, data } = await rejectionOf(
        client.query(WOQL.and(WOQL.triple('v:p', 'name', 'v:n'), WOQL.trim('v:n', 'v:t'))),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('vio:WOQLSyntaxError');
      expect(data['api:message']).toContain("'Trim'");
    });

    it('refuses to compare rational and floating point numbers', async () => {
      const query = WOQL.less(WOQL.literal(1, 'xsd:integer'), WOQL.literal(2, 'xsd:double'));
      const { status, data } = await rejectionOf(client.query(query));
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:IncompatibleNumericComparison');
    });

    it('names the variables a query with no viable mode needs bound', async () => {
      const { status, data } = await rejectionOf(client.query(WOQL.less('v:never', 3)));
      expect(status).toBe(400);
      expect(data['api:error']).toStrictEqual({ '@type': 'api:NoViableMode', 'api:error_vars': ['never'] });
    });

    it('refuses inline regex flags it cannot translate', async () => {
      const { status, data } = await rejectionOf(
        client.query(WOQL.regexp('a(?i)b', WOQL.string('ab'), 'v:m')),
      );
      expect(status).toBe(400);
      expect(errorType(data)).toBe('api:NotSupportedByEmulator');
    });

    it('treats a Regexp whose result is an empty DataValue as malformed, as the server does', async () => {
      const regexp = {
        '@type': 'Regexp',
        pattern: { '@type': 'DataValue', data: { '@type': 'xsd:string', '@value': 'a' } },
        string: { '@type': 'DataValue', data: { '@type': 'xsd:string', '@value': 'a' } },
        result: { '@type': 'DataValue' },
      };
      const response = await raw('POST', '/api/woql/admin/only', { query: regexp });
      expect(response.status).toBe(400);
      expect(errorType(response.body ?? {})).toBe('vio:WOQLSyntaxError');
    });

    it('refuses WOQL writes', async () => {
      const { status, data } = await rejectionOf(
        client.query(WOQL.add_triple('Person/Ann', 'name', WOQL.string('X')), 'write'),
      );
      expect(status).toBe(400);
      expect(data['api:message']).toContain("'AddTriple'");
    });
  });
});
