import { WOQL, type WOQLClient } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseWithSchema, DOCUMENT_SCHEMA } from './support/fixtures.js';
import { clientFor, startTestServer, type TestServer, uniqueDatabaseName } from './support/test-server.js';
import { bindingsOf } from './support/woql-helpers.js';

// U+FF5A (one UTF-16 unit) sorts before U+1F600 (a surrogate pair starting at U+D83D) by code
// point, which is how Prolog compares strings; by UTF-16 unit it would sort after it.
const WIDE_Z = 'ｚ';
const EMOJI = '😀';

describe('WOQL string order', () => {
  let server: TestServer;
  let database: string;
  let client: WOQLClient;

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_woql_order');
    await createDatabaseWithSchema(clientFor(server), database, DOCUMENT_SCHEMA);
    client = clientFor(server, database);
    await client.addDocument([EMOJI, WIDE_Z, 'a'].map((text) => ({ '@type': 'Note', text })));
  });

  afterAll(async () => {
    await clientFor(server)
      .deleteDatabase(database)
      .catch(() => undefined);
    await server.close();
  });

  const texts = async (query: ReturnType<typeof WOQL.and>) =>
    (await bindingsOf(client, query)).map((binding) => (binding.t as { '@value': string })['@value']);

  it('OrderBy compares strings by code point', async () => {
    expect(await texts(WOQL.order_by('v:t').triple('v:n', 'text', 'v:t'))).toStrictEqual([
      'a',
      WIDE_Z,
      EMOJI,
    ]);
    expect(await texts(WOQL.order_by(['v:t', 'desc']).triple('v:n', 'text', 'v:t'))).toStrictEqual([
      EMOJI,
      WIDE_Z,
      'a',
    ]);
  });

  it('Less and Greater compare strings by code point', async () => {
    const below = WOQL.and(WOQL.triple('v:n', 'text', 'v:t'), WOQL.less('v:t', WOQL.string(EMOJI)));
    expect((await texts(below)).sort()).toStrictEqual(['a', WIDE_Z]);
    const above = WOQL.and(WOQL.triple('v:n', 'text', 'v:t'), WOQL.greater('v:t', WOQL.string(WIDE_Z)));
    expect(await texts(above)).toStrictEqual([EMOJI]);
  });
});
