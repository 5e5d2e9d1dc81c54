import { AccessDeniedError, type Sqh, ValidationError } from '@sqh/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_QUERY, type GraphEdge } from '../src/index.js';
import { useCrmGraph } from './support/crm-fixture.js';
import { Account, asUser, Contact, type CrmData, Opportunity } from './support/crm-graph.js';
import type { MemoryGraph } from './support/memory-graph.js';

const crm = useCrmGraph('qg-shape');
let sqh: Sqh;
let data: CrmData;
let everything: MemoryGraph;
let northOnly: MemoryGraph;
let TENANT: string;
const graph = () => sqh.get(GRAPH_QUERY);

beforeAll(() => {
  ({ sqh, data, everything, northOnly, tenant: TENANT } = crm());
});

const signature = (path: { nodes: readonly { model: string; id: string }[]; edges: readonly GraphEdge[] }) =>
  path.nodes
    .map(
      (node, i) =>
        `${node.model}#${node.id}${i < path.edges.length ? ` -${path.edges[i]?.relation}-> ` : ''}`,
    )
    .join('');

describe('pathQuery', () => {
  const pairs: [string, string][] = [
    ['c1', 'c2'],
    ['c10', 'c99'],
    ['c3', 'c300'],
    ['c42', 'c7'],
  ];

  it('finds all simple paths between two records as the in-memory walk does, in one request', async () => {
    let nonEmpty = 0;
    for (const [a, b] of pairs) {
      crm().server.resetRequests();
      const result = await graph().pathQuery(TENANT, {
        from: { group: 'crm', model: 'AppCRMContact', id: a },
        to: { group: 'crm', model: 'AppCRMContact', id: b },
        via: ['account', 'contacts', 'opportunities', 'contacts', 'reportsTo', 'reports'],
        maxDepth: 4,
        mode: 'all',
        limit: 10_000,
      });
      expect(crm().server.requests()).toBe(1);
      const via = new Set(['account', 'contacts', 'opportunities', 'reportsTo', 'reports']);
      const expected = everything.paths({ model: Contact.key, id: a }, { model: Contact.key, id: b }, 4, via);
      expect(result.paths.map(signature).sort()).toEqual(expected.sort());
      if (expected.length > 0) nonEmpty++;
      for (const path of result.paths) {
        expect(path.nodes[0]?.record.id).toBe(a);
        expect(path.nodes.at(-1)?.record).toEqual(data.contacts.find((row) => row.id === b));
      }
    }
    expect(nonEmpty).toBeGreaterThan(0);
  });

  it('keeps only the shortest paths in shortest mode, and respects limit', async () => {
    for (const [a, b] of pairs) {
      const result = await graph().pathQuery(TENANT, {
        from: { group: 'crm', model: 'AppCRMContact', id: a },
        to: { group: 'crm', model: 'AppCRMContact', id: b },
        maxDepth: 4,
        limit: 10_000,
      });
      const expected = everything.paths({ model: Contact.key, id: a }, { model: Contact.key, id: b }, 4);
      const least = Math.min(...expected.map((path) => path.split(' -').length - 1));
      expect(result.paths.map(signature).sort()).toEqual(
        expected.filter((path) => path.split(' -').length - 1 === least).sort(),
      );
    }
    const limited = await graph().pathQuery(TENANT, {
      from: { group: 'crm', model: 'AppCRMAccount', id: 'a1' },
      to: { group: 'crm', model: 'AppCRMOpportunity', id: 'o1' },
      maxDepth: 4,
      mode: 'all',
      limit: 3,
    });
    expect(limited.paths.length).toBeLessThanOrEqual(3);
  });

  it('walks only through records the caller may read', async () => {
    for (const [a, b] of pairs) {
      const from = data.contacts.find((row) => row.id === a)!;
      const to = data.contacts.find((row) => row.id === b)!;
      const call = graph().pathQuery(
        TENANT,
        {
          from: { group: 'crm', model: 'AppCRMContact', id: a },
          to: { group: 'crm', model: 'AppCRMContact', id: b },
          maxDepth: 4,
          mode: 'all',
          limit: 10_000,
        },
        { access: asUser('north', TENANT) },
      );
      const expected = northOnly.paths({ model: Contact.key, id: a }, { model: Contact.key, id: b }, 4);
      expect((await call).paths.map(signature).sort()).toEqual(expected.sort());
      if (from.region !== 'north' || to.region !== 'north') expect(expected).toEqual([]);
    }
  });

  it('refuses an unknown relation in via and a bad mode', async () => {
    const base = {
      from: { group: 'crm', model: 'AppCRMContact', id: 'c1' },
      to: { group: 'crm', model: 'AppCRMContact', id: 'c2' },
    };
    await expect(graph().pathQuery(TENANT, { ...base, via: ['friends'] })).rejects.toThrow(
      /'friends' is not a relation/,
    );
    await expect(graph().pathQuery(TENANT, { ...base, mode: 'longest' as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('subgraph', () => {
  const key = (node: { model: string; id: string }) => `${node.model}#${node.id}`;

  it('equals the in-memory breadth-first walk: each node once, nearest first, each stored link once', async () => {
    for (const [root, depth] of [
      ['a3', 2],
      ['a10', 3],
      ['a700', 1],
    ] as const) {
      crm().server.resetRequests();
      const result = await graph().subgraph(TENANT, 'crm', 'AppCRMAccount', {
        rootId: root,
        depth,
        limit: 10_000,
      });
      expect(crm().server.requests()).toBe(1);
      const expected = everything.subgraph({ model: Account.key, id: root }, depth);
      expect(result.truncated).toBe(false);
      expect(result.nodes.map(key).sort()).toEqual([...expected.nodes.keys()].sort());
      expect(new Set(result.nodes.map(key)).size).toBe(result.nodes.length);
      const levels = result.nodes.map((node) => expected.nodes.get(key(node)) as number);
      expect(levels).toEqual([...levels].sort((x, y) => x - y));
      expect(result.nodes[0]?.id).toBe(root);
      const edges = result.edges.map((edge) => `${key(edge.from)} ${edge.relation} ${key(edge.to)}`);
      expect(new Set(edges).size).toBe(edges.length);
      expect(edges.sort()).toEqual([...expected.edges].sort());
    }
  });

  it('follows only the named relations, hides what the caller may not read, and truncates at limit', async () => {
    const relations = new Set(['contacts', 'opportunities']);
    const only = await graph().subgraph(TENANT, 'crm', 'AppCRMAccount', {
      rootId: 'a5',
      relations: [...relations],
      depth: 2,
      limit: 10_000,
    });
    const expected = everything.subgraph({ model: Account.key, id: 'a5' }, 2, relations);
    expect(only.nodes.map(key).sort()).toEqual([...expected.nodes.keys()].sort());
    const north = await graph().subgraph(
      TENANT,
      'crm',
      'AppCRMOpportunity',
      { rootId: data.opportunities.find((row) => row.region === 'north')!.id, depth: 3, limit: 10_000 },
      { access: asUser('north', TENANT) },
    );
    expect(north.nodes.every((node) => node.record.region === 'north')).toBe(true);
    const root = data.opportunities.find((row) => row.region === 'north')!.id;
    const visible = northOnly.subgraph({ model: Opportunity.key, id: root }, 3);
    expect(north.nodes.map(key).sort()).toEqual([...visible.nodes.keys()].sort());
    const cut = await graph().subgraph(TENANT, 'crm', 'AppCRMAccount', { rootId: 'a10', depth: 3, limit: 5 });
    expect(cut.nodes).toHaveLength(5);
    expect(cut.truncated).toBe(true);
    expect(cut.edges.every((edge) => cut.nodes.some((node) => key(node) === key(edge.from)))).toBe(true);
    await expect(
      graph().subgraph(
        TENANT,
        'crm',
        'AppCRMAccount',
        { rootId: 'a1' },
        { access: asUser('nobody', TENANT) },
      ),
    ).rejects.toBeInstanceOf(AccessDeniedError);
  });
});
