import { AccessDeniedError, type Sqh, ValidationError } from '@sqh/core';
import { WOQL } from 'terminusdb';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_QUERY, WOQL_WRITE_PERMISSION } from '../src/index.js';
import { useCrmGraph } from './support/crm-fixture.js';
import { asUser, type CrmData } from './support/crm-graph.js';

const crm = useCrmGraph('qg-woql');
let sqh: Sqh;
let data: CrmData;
let TENANT: string;
const graph = () => sqh.get(GRAPH_QUERY);

beforeAll(() => {
  ({ sqh, data, tenant: TENANT } = crm());
});

describe('woqlQuery', () => {
  it('runs a query written with the terminusdb WOQL builder, in one request, ids as record ids', async () => {
    crm().server.resetRequests();
    const result = await graph().woqlQuery(
      TENANT,
      WOQL.select('v:contact', WOQL.triple('v:contact', 'account', 'AppCRMAccount/a3')),
    );
    expect(crm().server.requests()).toBe(1);
    const expected = data.contacts.filter((row) => row.account === 'a3').map((row) => row.id);
    expect(result.bindings.map((row) => row.contact).sort()).toEqual(expected.sort());
  });

  it('accepts plain JSON-LD and gives typed literals, counts and documents as JS values', async () => {
    const count = await graph().woqlQuery(TENANT, {
      '@type': 'Count',
      query: {
        '@type': 'Triple',
        subject: { '@type': 'NodeValue', variable: 'o' },
        predicate: { '@type': 'NodeValue', node: 'rdf:type' },
        object: { '@type': 'Value', node: '@schema:AppCRMOpportunity' },
      },
      count: { '@type': 'Value', variable: 'n' },
    });
    expect(count.bindings).toEqual([{ n: data.opportunities.length }]);
    const read = await graph().woqlQuery(
      TENANT,
      WOQL.and(
        WOQL.read_document('AppCRMOpportunity/o7', 'v:doc'),
        WOQL.triple('AppCRMOpportunity/o7', 'amount', 'v:amount'),
        WOQL.triple('AppCRMOpportunity/o7', 'title', 'v:title'),
      ),
    );
    const deal = data.opportunities.find((row) => row.id === 'o7');
    expect(read.bindings).toEqual([{ doc: deal, amount: deal?.amount, title: deal?.title }]);
  });

  it('binds path edges as { subject, predicate, object } with record ids', async () => {
    const result = await graph().woqlQuery(
      TENANT,
      WOQL.select('v:c', 'v:p', WOQL.path('AppCRMAccount/a3', '<account', 'v:c', 'v:p')),
    );
    expect(result.bindings.length).toBeGreaterThan(0);
    for (const row of result.bindings) {
      expect(row.p).toEqual([{ subject: 'a3', predicate: expect.stringMatching(/account$/), object: row.c }]);
    }
  });

  it('refuses nodes that reach outside the tenant database, naming them', async () => {
    const other = WOQL.using('admin/sqh_tenant_someone_else', WOQL.triple('v:s', 'v:p', 'v:o'));
    await expect(graph().woqlQuery(TENANT, other)).rejects.toThrow(/refuses the WOQL node 'Using'/);
    await expect(graph().woqlQuery(TENANT, { '@type': 'Frobnicate' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(graph().woqlQuery(TENANT, 'not a query' as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses writes unless readOnly is false and the caller holds the write permission', async () => {
    await sqh.records.create(TENANT, 'crm', 'AppCRMOpportunity', {
      id: 'scratch',
      title: 'Scratch',
      region: 'north',
      amount: 1,
      contacts: ['c1'],
    });
    const remove = WOQL.delete_document('AppCRMOpportunity/scratch');
    crm().server.resetRequests();
    await expect(graph().woqlQuery(TENANT, remove)).rejects.toThrow(/readOnly: false/);
    await expect(
      graph().woqlQuery(TENANT, remove, { readOnly: false, access: asUser('admin', TENANT) }),
    ).rejects.toThrow(new RegExp(WOQL_WRITE_PERMISSION));
    expect(crm().server.requests()).toBe(0);
    const writer = { ...asUser('admin', TENANT), permissions: [WOQL_WRITE_PERMISSION] };
    const result = await graph().woqlQuery(TENANT, remove, { readOnly: false, access: writer });
    expect(result.deletes).toBeGreaterThan(0);
    expect(await sqh.records.get(TENANT, 'crm', 'AppCRMOpportunity', 'scratch')).toBeNull();
  });

  it('refuses callers whose reads are narrowed by a scope: raw WOQL cannot apply it', async () => {
    const query = WOQL.select('v:c', WOQL.triple('v:c', 'account', 'AppCRMAccount/a3'));
    await expect(graph().woqlQuery(TENANT, query, { access: asUser('north', TENANT) })).rejects.toThrow(
      /raw WOQL cannot be limited/,
    );
    await expect(
      graph().woqlQuery(TENANT, query, { access: asUser('nobody', TENANT) }),
    ).rejects.toBeInstanceOf(AccessDeniedError);
    expect((await graph().woqlQuery(`${TENANT}-none`, query)).bindings).toEqual([]);
  });
});
