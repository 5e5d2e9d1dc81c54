import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphTicket, PgTicket, ticketRows } from './support/twin-models.js';
import { composeTwoStores, type TwoStores } from './support/two-stores.js';

/** Unified CRUD: one schema, two backends, the same answers to the same calls. */
describe('the same model on PostgreSQL and on TerminusDB', () => {
  let stores: TwoStores;
  let tenant: string;

  beforeAll(async () => {
    stores = await composeTwoStores([PgTicket, GraphTicket]);
    tenant = stores.tenant('twin');
    for (const name of ['PgTicket', 'GraphTicket']) {
      await stores.sqh.records.batchCreate(
        tenant,
        'support',
        name,
        ticketRows().map((row, i) => ({ id: `t${i + 1}`, ...row })),
      );
    }
  });
  afterAll(() => stores.close());

  const bothBackends = async <T>(run: (model: string) => Promise<T>): Promise<[T, T]> =>
    [await run('PgTicket'), await run('GraphTicket')] as [T, T];

  it('returns identical records for a filtered, ordered, paged list', async () => {
    const [pg, graph] = await bothBackends((model) =>
      stores.sqh.records.list(tenant, 'support', model, {
        filters: { resolved: false, $or: [{ priority: { $lte: 2 } }, { labels: { $has: 'data' } }] },
        orderBy: ['-priority', 'title'],
        limit: 3,
      }),
    );
    expect(pg.map((r) => r.id)).toEqual(['t4', 't5', 't3']);
    expect(graph).toEqual(pg);
  });

  it('counts and searches the same way', async () => {
    const counts = await bothBackends((model) =>
      stores.sqh.records.count(tenant, 'support', model, { notes: { $null: true } }),
    );
    expect(counts).toEqual([4, 4]);
    const [pg, graph] = await bothBackends((model) =>
      stores.sqh.records.search(tenant, 'support', model, 'REPORT'),
    );
    expect(pg.map((r) => r.id).sort()).toEqual(['t2']);
    expect(graph.map((r) => r.id).sort()).toEqual(['t2']);
  });

  it('merges a partial update the same way', async () => {
    const [pg, graph] = await bothBackends((model) =>
      stores.sqh.records.update(tenant, 'support', model, 't3', { resolved: true, notes: 'cookie domain' }),
    );
    expect(pg).toEqual({
      id: 't3',
      title: 'Login loop',
      owner: 'alice',
      priority: 2,
      opened_at: new Date('2026-03-03T10:00:00Z'),
      labels: [],
      resolved: true,
      notes: 'cookie domain',
    });
    expect(graph).toEqual(pg);
  });

  it('renders both results as the same ISON text', async () => {
    const [pg, graph] = await bothBackends((model) =>
      stores.sqh.records.list(tenant, 'support', model, { orderBy: ['opened_at'] }),
    );
    const pgIson = stores.sqh.formats.format('ison', pg, { name: 'tickets' });
    expect(pgIson.split('\n')[0]).toBe('table.tickets');
    expect(stores.sqh.formats.format('ison', graph, { name: 'tickets' })).toBe(pgIson);
  });
});
