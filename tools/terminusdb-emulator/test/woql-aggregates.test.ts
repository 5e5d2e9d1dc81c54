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
import { bindingsOf, dec, str } from './support/woql-helpers.js';

/** GroupBy, Sum, arithmetic, ranges and similarity: what woqlQuery users commonly send. */
describe('WOQL aggregates, arithmetic and comparisons', () => {
  let server: TestServer;
  let database: string;
  let client: WOQLClient;

  beforeAll(async () => {
    server = await startTestServer();
    database = uniqueDatabaseName('emu_aggr');
    await createDatabaseWithSchema(clientFor(server), database, DOCUMENT_SCHEMA);
    client = clientFor(server, database);
    await client.addDocument([
      { '@type': 'Person', name: 'Ann', age: 30, friends: ['Person/Bob', 'Person/Cid'] },
      { '@type': 'Person', name: 'Bob', age: 25, friends: ['Person/Ann'] },
      { '@type': 'Person', name: 'Cid', age: 41 },
    ]);
  });

  afterAll(async () => {
    await clientFor(server)
      .deleteDatabase(database)
      .catch(() => undefined);
    await server.close();
  });

  it('groups solutions by key with GroupBy, keys in order, a one-variable template unwrapped', async () => {
    const query = WOQL.group_by(['v:p'], ['v:f'], 'v:fs', WOQL.triple('v:p', 'friends', 'v:f'));
    const rows = await bindingsOf(client, query);
    expect(rows.map((row) => row.p)).toEqual(['Person/Ann', 'Person/Bob']);
    expect((rows[0]!.fs as string[]).sort()).toEqual(['Person/Bob', 'Person/Cid']);
    expect(rows[1]?.fs).toEqual(['Person/Ann']);
    const pairs = await bindingsOf(
      client,
      WOQL.group_by(
        ['v:p'],
        ['v:f', 'v:a'],
        'v:fs',
        WOQL.and(WOQL.triple('v:p', 'friends', 'v:f'), WOQL.triple('v:f', 'age', 'v:a')),
      ),
    );
    expect(pairs.find((row) => row.p === 'Person/Bob')?.fs).toEqual([
      ['Person/Ann', { '@type': 'xsd:integer', '@value': 30 }],
    ]);
  });

  it('adds a list of numbers with Sum', async () => {
    const query = WOQL.and(
      WOQL.group_by([], ['v:a'], 'v:ages', WOQL.triple('v:p', 'age', 'v:a')),
      WOQL.sum('v:ages' as never, 'v:total'), // the .d.ts types the list as a query; the client sends a list,
    );
    expect((await bindingsOf(client, query))[0]?.total).toEqual(dec(96));
  });

  it('computes with Eval: plus, minus, times, divide, div, exp and floor', async () => {
    const evaluate = async (expression: unknown) =>
      (
        await bindingsOf(
          client,
          WOQL.and(WOQL.triple('Person/Ann', 'age', 'v:a'), WOQL.evaluate(expression as never, 'v:r')),
        )
      )[0]?.r;
    expect(await evaluate(WOQL.plus('v:a', 12))).toEqual(dec(42));
    expect(await evaluate(WOQL.minus('v:a', 40))).toEqual(dec(-10));
    expect(await evaluate(WOQL.times('v:a', 2))).toEqual(dec(60));
    expect(await evaluate(WOQL.divide('v:a', 4))).toEqual(dec(7.5));
    expect(await evaluate(WOQL.div('v:a', 4))).toEqual(dec(7));
    expect(await evaluate(WOQL.exp('v:a', 2))).toEqual(dec(900));
    expect(await evaluate(WOQL.floor(WOQL.divide('v:a', 7) as never))).toEqual(dec(4));
    expect(await evaluate(WOQL.plus('v:a', WOQL.literal(0.5, 'xsd:double')))).toEqual({
      '@type': 'xsd:double',
      '@value': 30.5,
    });
  });

  it('compares with Gte, Lte and the half-open InRange', async () => {
    const names = async (test: (age: string) => ReturnType<typeof WOQL.gte>) =>
      (
        await bindingsOf(
          client,
          WOQL.and(WOQL.triple('v:p', 'age', 'v:a'), test('v:a'), WOQL.triple('v:p', 'name', 'v:n')),
        )
      )
        .map((row) => (row.n as { '@value': string })['@value'])
        .sort();
    expect(await names((age) => WOQL.gte(age, WOQL.literal(30, 'xsd:integer')))).toEqual(['Ann', 'Cid']);
    expect(await names((age) => WOQL.lte(age, WOQL.literal(30, 'xsd:integer')))).toEqual(['Ann', 'Bob']);
    expect(
      await names((age) =>
        WOQL.in_range(age, WOQL.literal(25, 'xsd:integer'), WOQL.literal(41, 'xsd:integer')),
      ),
    ).toEqual(['Ann', 'Bob']);
  });

  it('scores string similarity with Like, 1 for equal strings after normalisation', async () => {
    const like = async (a: string, b: string) =>
      (
        (await bindingsOf(client, WOQL.like(WOQL.string(a), WOQL.string(b), 'v:s')))[0]!.s as {
          '@value': number;
        }
      )['@value'];
    expect(await like('Acme Corp', 'acme_corp')).toBe(1);
    expect(await like('Acme Corporation', 'Acme Corp')).toBeGreaterThan(
      await like('Acme Corporation', 'Globex'),
    );
    expect(await like('abc', 'xyz')).toBeLessThan(0.5);
  });

  it('runs a read under Immediately unchanged', async () => {
    const rows = await bindingsOf(client, WOQL.immediately(WOQL.triple('Person/Bob', 'age', 'v:a')));
    expect(rows[0]?.a).toEqual({ '@type': 'xsd:integer', '@value': 25 });
  });

  it('waits for Eval inputs written before the triple that binds them', async () => {
    const rows = await bindingsOf(
      client,
      WOQL.and(WOQL.evaluate(WOQL.plus('v:a', 1), 'v:r'), WOQL.triple('Person/Bob', 'age', 'v:a')),
    );
    expect(rows[0]?.r).toEqual(dec(26));
  });

  it('refuses a WOQL node it does not implement with a 400 naming it', async () => {
    const response = await rawRequest(server, 'POST', `/api/woql/admin/${database}`, {
      body: JSON.stringify({ query: WOQL.concat(['a', 'b'], 'v:x').json() }),
    });
    expect(response.status).toBe(400);
    expect(errorType(response.json() as Record<string, unknown>)).toBe('vio:WOQLSyntaxError');
    expect((response.json() as Record<string, unknown>)['api:message']).toMatch(/'Concatenate'/);
    expect(str('x')).toEqual({ '@type': 'xsd:string', '@value': 'x' });
  });
});
