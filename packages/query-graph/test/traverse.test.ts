import { AccessDeniedError, type Model, type Sqh, ValidationError } from '@sqh/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_QUERY, recordsOf, TerminusDBQueryService } from '../src/index.js';
import { useCrmGraph } from './support/crm-fixture.js';
import { Account, asUser, Contact, type CrmData, Opportunity, type Row } from './support/crm-graph.js';
import type { MemoryGraph, MemoryNode } from './support/memory-graph.js';

const crm = useCrmGraph('qg-trav');
let sqh: Sqh;
let data: CrmData;
let everything: MemoryGraph;
let northOnly: MemoryGraph;
let TENANT: string;
const server = () => crm().server;

const sorted = (nodes: readonly MemoryNode[]) => nodes.map((node) => `${node.model}/${node.id}`).sort();
const graph = () => sqh.get(GRAPH_QUERY);

beforeAll(() => {
  ({ sqh, data, everything, northOnly, tenant: TENANT } = crm());
});

describe('traverse', () => {
  it('is a class resolved from the container with its dependencies injected', () => {
    expect(graph()).toBeInstanceOf(TerminusDBQueryService);
    expect(graph()).toBe(sqh.get(GRAPH_QUERY));
  });

  it("walks the epic's example: an account's contacts, then their opportunities, in one request", async () => {
    const start = data.accounts.find((account) =>
      data.contacts.some(
        (contact) =>
          contact.account === account.id &&
          data.opportunities.some((o) => (o.contacts as string[]).includes(contact.id)),
      ),
    )!;
    server().resetRequests();
    const result = await graph().traverse(TENANT, 'crm', 'AppCRMAccount', {
      startId: `AppCRMAccount/${start.id}`,
      path: 'contacts/opportunities',
      maxDepth: 2,
    });
    expect(server().requests()).toBe(1);
    const expected = everything.traverse({ model: Account.key, id: start.id }, [
      ['contacts', 'opportunities'],
    ]);
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(result.nodes)).toEqual(sorted(expected));
    const first = result.nodes[0]!;
    expect(first.model).toBe(Opportunity.key);
    expect(first.record).toEqual(data.opportunities.find((row) => row.id === first.id));
    // Typed from the model's schema: `amount` is a number here, no cast needed.
    const deals = recordsOf(result.nodes, Opportunity);
    expect(deals.map((deal) => deal.amount + 0)).toEqual(result.nodes.map((node) => node.record.amount));
    expect(recordsOf(result.nodes, Account)).toEqual([]);
  });

  it('equals the in-memory walk from many starts, along forward, inverse, List and Set relations', async () => {
    const cases: [Model, Row[], string, string[][]][] = [
      [
        Account,
        data.accounts,
        'contacts/opportunities/partners',
        [['contacts', 'opportunities', 'partners']],
      ],
      [
        Opportunity,
        data.opportunities,
        'contacts/account/partnerDeals',
        [['contacts', 'account', 'partnerDeals']],
      ],
      [Contact, data.contacts, 'reports/opportunities', [['reports', 'opportunities']]],
    ];
    for (const [model, rows, path, shapes] of cases) {
      for (const row of rows.slice(0, 12)) {
        const result = await graph().traverse(TENANT, 'crm', model.name, {
          startId: row.id,
          path,
          limit: 10_000,
        });
        expect(sorted(result.nodes), `${path} from ${row.id}`).toEqual(
          sorted(everything.traverse({ model: model.key, id: row.id }, shapes)),
        );
      }
    }
  });

  it('repeats a step up to maxDepth through cycles, each record once', async () => {
    for (const start of ['a0', 'a6', 'a13', 'a20']) {
      server().resetRequests();
      const result = await graph().traverse(TENANT, 'crm', 'AppCRMAccount', {
        startId: start,
        path: 'parent+',
        maxDepth: 5,
      });
      expect(server().requests()).toBe(1);
      const shapes = [1, 2, 3, 4, 5].map((n) => Array.from({ length: n }, () => 'parent'));
      expect(sorted(result.nodes)).toEqual(
        sorted(everything.traverse({ model: Account.key, id: start }, shapes)),
      );
    }
    const chain = await graph().traverse(TENANT, 'crm', 'AppCRMContact', {
      startId: 'c40',
      path: 'reportsTo*/account',
      maxDepth: 4,
    });
    const shapes = [0, 1, 2, 3].map((n) => [...Array.from({ length: n }, () => 'reportsTo'), 'account']);
    expect(sorted(chain.nodes)).toEqual(
      sorted(everything.traverse({ model: Contact.key, id: 'c40' }, shapes)),
    );
  });

  it('applies filters to the reached records and stops at limit, in document id order', async () => {
    const start = { model: Account.key, id: 'a3' };
    const shapes = [['contacts', 'opportunities']];
    const big = (node: MemoryNode) => (everything.row(node)?.amount as number) >= 50_000;
    const all = await graph().traverse(TENANT, 'crm', 'AppCRMAccount', {
      startId: 'a3',
      path: 'contacts/opportunities',
      filters: { amount: { $gte: 50_000 } },
    });
    expect(sorted(all.nodes)).toEqual(sorted(everything.traverse(start, shapes, big)));
    const everyOne = await graph().traverse(TENANT, 'crm', 'AppCRMAccount', {
      startId: 'a3',
      path: 'contacts/opportunities',
    });
    const limited = await graph().traverse(TENANT, 'crm', 'AppCRMAccount', {
      startId: 'a3',
      path: 'contacts/opportunities',
      limit: 2,
    });
    expect(limited.nodes.map((node) => node.id)).toEqual(everyOne.nodes.slice(0, 2).map((node) => node.id));
  });

  it('returns the walks that reached each record when asked', async () => {
    const result = await graph().traverse(TENANT, 'crm', 'AppCRMAccount', {
      startId: 'a3',
      path: 'contacts/opportunities',
      withPaths: true,
    });
    expect(result.paths?.length).toBeGreaterThanOrEqual(result.nodes.length);
    for (const path of result.paths ?? []) {
      expect(path.nodes[0]).toEqual({ model: Account.key, id: 'a3' });
      expect(path.edges.map((edge) => edge.relation)).toEqual(['contacts', 'opportunities']);
      const contact = data.contacts.find((row) => row.id === path.nodes[1]?.id)!;
      expect(contact.account).toBe('a3');
      const deal = data.opportunities.find((row) => row.id === path.nodes[2]?.id)!;
      expect(deal.contacts).toContain(contact.id);
    }
    const ends = new Set((result.paths ?? []).map((path) => path.nodes[2]?.id));
    expect([...ends].sort()).toEqual(result.nodes.map((node) => node.id).sort());
  });

  it('never returns or walks through a record the caller may not read', async () => {
    const north = asUser('north', TENANT);
    let compared = 0;
    for (const account of data.accounts.slice(0, 40)) {
      const result = await graph().traverse(
        TENANT,
        'crm',
        'AppCRMAccount',
        { startId: account.id, path: 'contacts/opportunities', limit: 10_000 },
        { access: north },
      );
      const expected = northOnly.traverse({ model: Account.key, id: account.id }, [
        ['contacts', 'opportunities'],
      ]);
      expect(sorted(result.nodes)).toEqual(sorted(expected));
      expect(result.nodes.every((node) => node.record.region === 'north')).toBe(true);
      if (
        sorted(expected).join() !==
        sorted(
          everything.traverse({ model: Account.key, id: account.id }, [['contacts', 'opportunities']]),
        ).join()
      )
        compared++;
    }
    // The scope made a difference somewhere, so the test can fail.
    expect(compared).toBeGreaterThan(0);
    await expect(
      graph().traverse(
        TENANT,
        'crm',
        'AppCRMAccount',
        { startId: 'a0', path: 'contacts' },
        { access: asUser('nobody', TENANT) },
      ),
    ).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('handles links that lead nowhere: absent links end the walk, and a dangling link is never stored', async () => {
    const loner = data.contacts.find((row) => row.account === undefined)!;
    const result = await graph().traverse(TENANT, 'crm', 'AppCRMContact', {
      startId: loner.id,
      path: 'account',
    });
    expect(result.nodes).toEqual([]);
    // TerminusDB checks links on commit, so a link to a record that does not exist is refused
    // and nothing of the batch is written: a traversal never meets a dangling link.
    await expect(
      sqh.records.batchCreate(TENANT, 'crm', 'AppCRMContact', [
        { id: 'fine', name: 'Fine', region: 'north', account: 'a1' },
        { id: 'dangling', name: 'Dangling', region: 'north', account: 'no-such-account' },
      ]),
    ).rejects.toThrow();
    expect(await sqh.records.get(TENANT, 'crm', 'AppCRMContact', 'fine')).toBeNull();
    const expected = everything.traverse({ model: Account.key, id: 'a1' }, [['contacts']]);
    const after = await graph().traverse(TENANT, 'crm', 'AppCRMAccount', { startId: 'a1', path: 'contacts' });
    expect(sorted(after.nodes)).toEqual(sorted(expected));
  });

  it('refuses a path step no model declares, naming it', async () => {
    await expect(
      graph().traverse(TENANT, 'crm', 'AppCRMAccount', { startId: 'a0', path: 'contacts/invoices' }),
    ).rejects.toThrow(/'invoices' is not a relation of crm\/AppCRMContact/);
    await expect(
      graph().traverse(TENANT, 'crm', 'AppCRMAccount', {
        startId: 'a0',
        path: 'contacts/opportunities',
        maxDepth: 1,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      graph().traverse(TENANT, 'crm', 'AppCRMAccount', { startId: 'a0', path: 'contacts;drop' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers nothing for a start record that does not exist, and a tenant without a database', async () => {
    expect(
      (await graph().traverse(TENANT, 'crm', 'AppCRMAccount', { startId: 'nope', path: 'contacts' })).nodes,
    ).toEqual([]);
    server().resetRequests();
    expect(
      (await graph().traverse(`${TENANT}-empty`, 'crm', 'AppCRMAccount', { startId: 'a0', path: 'contacts' }))
        .nodes,
    ).toEqual([]);
    expect(server().requests()).toBe(1);
  });

  it('ends by its timeout with an error that says what to do', async () => {
    await expect(
      graph().traverse(
        TENANT,
        'crm',
        'AppCRMAccount',
        { startId: 'a10', path: 'parent*/contacts/opportunities/contacts', maxDepth: 8, limit: 10_000 },
        { timeoutMs: 1 },
      ),
    ).rejects.toThrow(/did not finish within 1 ms; narrow the query/);
  });

  it('ends by the caller signal', async () => {
    const aborted = AbortSignal.abort();
    await expect(
      graph().traverse(
        TENANT,
        'crm',
        'AppCRMAccount',
        { startId: 'a0', path: 'contacts' },
        { signal: aborted },
      ),
    ).rejects.toThrow();
  });
});
