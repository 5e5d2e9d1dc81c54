import { type Sqh, ValidationError } from '@sqh/core';
import { decode, type IsonBlock, IsonReference } from '@sqh/ison';
import { WOQL } from 'terminusdb';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_QUERY } from '../src/index.js';
import { useCrmGraph } from './support/crm-fixture.js';
import type { CrmData } from './support/crm-graph.js';

const crm = useCrmGraph('qg-ison');
let sqh: Sqh;
let data: CrmData;
let TENANT: string;
const graph = () => sqh.get(GRAPH_QUERY);

beforeAll(() => {
  ({ sqh, data, tenant: TENANT } = crm());
});

const block = (blocks: readonly IsonBlock[], name: string) =>
  blocks.find((candidate) => candidate.name === name);
const ids = (found: IsonBlock | undefined) => (found?.rows ?? []).map((row) => String(row.id)).sort();

/** Every reference in the edges block names a row of a node table. */
function expectReferencesResolve(blocks: readonly IsonBlock[]): number {
  const edges = block(blocks, 'edges');
  let followed = 0;
  for (const row of edges?.rows ?? []) {
    for (const cell of [row.from, row.to]) {
      expect(cell).toBeInstanceOf(IsonReference);
      const reference = cell as IsonReference;
      expect(ids(block(blocks, reference.type as string))).toContain(reference.id);
      followed++;
    }
  }
  return followed;
}

describe("outputFormat: 'ison'", () => {
  it('writes a subgraph as one table per model and an edges table of references to their rows', async () => {
    const result = await graph().subgraph(
      TENANT,
      'crm',
      'AppCRMAccount',
      { rootId: 'a3', depth: 2 },
      { outputFormat: 'ison' },
    );
    const blocks = decode(result.ison as string);
    expect(blocks.every((found) => found.kind === 'table')).toBe(true);
    for (const model of ['AppCRMAccount', 'AppCRMContact', 'AppCRMOpportunity']) {
      const expected = result.nodes.filter((node) => node.model === `crm/${model}`).map((node) => node.id);
      expect(ids(block(blocks, model))).toEqual(expected.sort());
    }
    const contact = block(blocks, 'AppCRMContact')?.rows[0];
    expect(contact).toMatchObject(data.contacts.find((row) => row.id === contact?.id) as object);
    expect(block(blocks, 'edges')?.rows).toHaveLength(result.edges.length);
    expect(expectReferencesResolve(blocks)).toBeGreaterThan(0);
  });

  it('writes traverse results and the paths that reached them', async () => {
    const result = await graph().traverse(
      TENANT,
      'crm',
      'AppCRMAccount',
      { startId: 'a3', path: 'contacts/opportunities', withPaths: true },
      { outputFormat: 'ison' },
    );
    const blocks = decode(result.ison as string);
    expect(ids(block(blocks, 'AppCRMOpportunity'))).toEqual(result.nodes.map((node) => node.id).sort());
    const edges = block(blocks, 'edges')?.rows ?? [];
    expect(edges.length).toBe((result.paths ?? []).reduce((sum, path) => sum + path.edges.length, 0));
    expect(edges[0]).toMatchObject({
      path: 0,
      step: 0,
      relation: 'contacts',
      from: new IsonReference('a3', 'AppCRMAccount'),
    });
  });

  it('writes paths with every record on them, and woqlQuery bindings with references', async () => {
    const paths = await graph().pathQuery(
      TENANT,
      {
        from: { group: 'crm', model: 'AppCRMContact', id: 'c10' },
        to: { group: 'crm', model: 'AppCRMContact', id: 'c99' },
        mode: 'all',
        limit: 50,
      },
      { outputFormat: 'ison' },
    );
    if (paths.paths.length > 0)
      expect(expectReferencesResolve(decode(paths.ison as string))).toBeGreaterThan(0);
    const woql = await graph().woqlQuery(
      TENANT,
      WOQL.select(
        'v:contact',
        'v:name',
        WOQL.and(
          WOQL.triple('v:contact', 'account', 'AppCRMAccount/a3'),
          WOQL.triple('v:contact', 'name', 'v:name'),
        ),
      ),
      { outputFormat: 'ison' },
    );
    const rows = block(decode(woql.ison as string), 'bindings')?.rows ?? [];
    expect(rows).toHaveLength(woql.bindings.length);
    expect(rows.map((row) => (row.contact as IsonReference).id).sort()).toEqual(
      woql.bindings.map((row) => row.contact as string).sort(),
    );
    expect((rows[0]!.contact as IsonReference).type).toBe('AppCRMContact');
  });

  it('refuses an unknown output format before any request', async () => {
    crm().server.resetRequests();
    await expect(
      graph().traverse(
        TENANT,
        'crm',
        'AppCRMAccount',
        { startId: 'a3', path: 'contacts' },
        { outputFormat: 'xml' as never },
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(crm().server.requests()).toBe(0);
  });
});
