import { WOQL } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  errorType,
  rawRequest,
  rejectionOf,
  startTestServer,
  type TestServer,
  uniqueDatabaseName,
} from './support/test-server.js';

const SCHEMA = [
  {
    '@type': 'Class',
    '@id': 'Item',
    '@key': { '@type': 'Lexical', '@fields': ['code'] },
    code: 'xsd:string',
  },
];

/** Each call uses a fresh client: the client keeps a sent data version on every later request. */
describe('data versions', () => {
  let server: TestServer;
  let database: string;
  const fresh = () => clientFor(server, database);

  /** The data version a plain read reports. */
  const currentVersion = async (): Promise<string> => {
    const { dataVersion } = await fresh().getDocument({ as_list: true }, '', '', '', true);
    return dataVersion;
  };

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_version');
    await clientFor(server).createDatabase(database, { label: database, schema: true });
    await fresh().addDocument(SCHEMA, { graph_type: 'schema' });
  });

  afterAll(async () => {
    await clientFor(server)
      .deleteDatabase(database)
      .catch(() => undefined);
    await server.close();
  });

  it('reports the branch data version on reads', async () => {
    expect(await currentVersion()).toMatch(/^branch:.+/);
  });

  it('reports a new data version after every write', async () => {
    const before = await currentVersion();
    const { dataVersion } = await fresh().addDocument(
      { '@type': 'Item', code: 'a' },
      {},
      '',
      'add',
      '',
      true,
    );
    expect(dataVersion).toMatch(/^branch:.+/);
    expect(dataVersion).not.toBe(before);
    expect(await currentVersion()).toBe(dataVersion);
  });

  it('accepts a write that carries the current data version', async () => {
    const version = await currentVersion();
    const ids = await fresh().addDocument({ '@type': 'Item', code: 'b' }, {}, '', 'add', version);
    expect(ids).toEqual(['terminusdb:///data/Item/b']);
  });

  it('refuses a write with a stale data version and writes nothing', async () => {
    const stale = await currentVersion();
    await fresh().addDocument({ '@type': 'Item', code: 'c' });
    const actual = await currentVersion();
    const { status, data } = await rejectionOf(
      fresh().addDocument({ '@type': 'Item', code: 'd' }, {}, '', 'add', stale),
    );
    expect(status).toBe(400);
    expect(data['api:error']).toEqual({
      '@type': 'api:DataVersionMismatch',
      'api:requested_data_version': stale,
      'api:actual_data_version': actual,
    });
    expect((await rejectionOf(fresh().getDocument({ id: 'Item/d' }))).status).toBe(404);
  });

  it('refuses a delete with a stale data version', async () => {
    const stale = await currentVersion();
    await fresh().addDocument({ '@type': 'Item', code: 'e' });
    const { status, data } = await rejectionOf(fresh().deleteDocument({ id: 'Item/e' }, '', 'delete', stale));
    expect(status).toBe(400);
    expect(errorType(data)).toBe('api:DataVersionMismatch');
  });

  it('refuses a WOQL query with a stale data version', async () => {
    const stale = await currentVersion();
    await fresh().addDocument({ '@type': 'Item', code: 'f' });
    const { status, data } = await rejectionOf(
      fresh().query(WOQL.triple('v:s', 'code', 'v:c'), undefined, false, stale),
    );
    expect(status).toBe(400);
    expect(data['@type']).toBe('api:WoqlErrorResponse');
    expect(errorType(data)).toBe('api:DataVersionMismatch');
  });

  it('reports the data version on WOQL answers', async () => {
    const { dataVersion } = await fresh().query(
      WOQL.triple('v:s', 'code', 'v:c'),
      undefined,
      false,
      '',
      true,
    );
    expect(dataVersion).toBe(await currentVersion());
  });

  it('refuses a malformed data version with api:BadDataVersion', async () => {
    const response = await rawRequest(server, 'GET', `/api/document/admin/${database}?as_list=true`, {
      headers: { 'TerminusDB-Data-Version': 'nonsense' },
    });
    expect(response.status).toBe(400);
    expect(errorType(response.json() as Record<string, unknown>)).toBe('api:BadDataVersion');
  });
});
