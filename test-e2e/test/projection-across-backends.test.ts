import type { ProjectionEvent, SqhPlugin } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphTicket, PgTicket, ticketRows } from './support/twin-models.js';
import { composeTwoStores, type TwoStores } from './support/two-stores.js';

describe('projection events from both backends', () => {
  let stores: TwoStores;
  let tenant: string;
  const events: ProjectionEvent[] = [];
  const indexed = new Map<string, unknown>();

  // A search-index sink that, like the epic's projection, fetches the record from whichever backend stores it.
  const indexSink: SqhPlugin = {
    name: 'search-index',
    register: (_container, api) =>
      api.registerProjectionSink({
        name: 'search-index',
        handle: async (event) => {
          events.push(event);
          for (const id of event.ids) {
            const record = await stores.sqh.records.get(event.tenantId, event.groupSlug, event.modelName, id);
            if (record) indexed.set(`${event.modelName}:${id}`, record.title);
            else indexed.delete(`${event.modelName}:${id}`);
          }
        },
      }),
  };

  beforeAll(async () => {
    stores = await composeTwoStores([PgTicket, GraphTicket], [indexSink]);
    tenant = stores.tenant('proj');
  });
  afterAll(() => stores.close());

  it('lets one sink index records from PostgreSQL and TerminusDB alike', async () => {
    const [first] = ticketRows();
    const pg = await stores.sqh.records.create(tenant, 'support', 'PgTicket', first!);
    const graph = await stores.sqh.records.create(tenant, 'support', 'GraphTicket', first!);
    await stores.sqh.records.update(tenant, 'support', 'GraphTicket', graph.id, {
      title: 'Sampler back online',
    });
    await stores.sqh.records.delete(tenant, 'support', 'PgTicket', pg.id);
    expect(events.map((e) => `${e.operation}:${e.modelName}`)).toEqual([
      'create:PgTicket',
      'create:GraphTicket',
      'update:GraphTicket',
      'delete:PgTicket',
    ]);
    expect(Object.fromEntries(indexed)).toEqual({ [`GraphTicket:${graph.id}`]: 'Sampler back online' });
  });
});
