import { accessPlugin, buildAccessContext, modelPolicy, rbac, team } from '@sqh/access';
import { defineModel, StorageConfig } from '@sqh/core';
import { GRAPH_QUERY, graphQueryPlugin } from '@sqh/query-graph';
import { PG_QUERY, pgQueryPlugin } from '@sqh/query-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { composeTwoStores, type TwoStores } from './support/two-stores.js';

// A platform's models: lab readings on PostgreSQL, a CRM graph on TerminusDB.
const Reading = defineModel({
  group: 'flow',
  name: 'Reading',
  schema: z.object({ station: z.string(), team: z.string(), value: z.number(), taken_at: z.date() }),
  storage: StorageConfig.postgresql({ partitionBy: 'taken_at' }),
});
const Account = defineModel({ group: 'flow', name: 'Account', schema: z.object({ name: z.string() }) });
const Contact = defineModel({
  group: 'flow',
  name: 'Contact',
  schema: z.object({ name: z.string(), team: z.string(), account: z.string() }),
  relations: { account: { model: 'Account', inverse: 'contacts' } },
});
const Deal = defineModel({
  group: 'flow',
  name: 'Deal',
  schema: z.object({ title: z.string(), amount: z.number(), contact: z.string() }),
  relations: { contact: { model: 'Contact', inverse: 'deals' } },
});

const ROLES = { analyst: ['flow:read'], admin: ['flow:*', 'flow:read_all'] };
const policies = accessPlugin({
  roles: ROLES,
  policies: [
    modelPolicy(
      Reading,
      rbac({ read: 'flow:read', write: 'flow:write' }),
      team('team', { bypass: 'flow:read_all' }),
    ),
    modelPolicy(Account, rbac({ read: 'flow:read', write: 'flow:write' })),
    modelPolicy(
      Contact,
      rbac({ read: 'flow:read', write: 'flow:write' }),
      team('team', { bypass: 'flow:read_all' }),
    ),
    modelPolicy(Deal, rbac({ read: 'flow:read', write: 'flow:write' })),
  ],
});

/**
 * One access policy, declared once, enforced by every way of reading: the record
 * service, SQL aggregates and graph walks. A reader of team `north` must get
 * consistent answers everywhere and never learn about `south`'s records.
 */
describe('one access policy across the record service and both query services', () => {
  let stores: TwoStores;
  let tenant: string;
  const admin = () => buildAccessContext({ id: 'root', roles: ['admin'] }, tenant, ROLES);
  const north = () =>
    buildAccessContext({ id: 'nora', teamIds: ['north'], roles: ['analyst'] }, tenant, ROLES);

  beforeAll(async () => {
    stores = await composeTwoStores(
      [Reading, Account, Contact, Deal],
      [policies, pgQueryPlugin(), graphQueryPlugin()],
    );
    tenant = stores.tenant('flow');
    const access = admin();
    const readings = Array.from({ length: 300 }, (_, i) => ({
      station: `S-${i % 6}`,
      team: i % 6 < 2 ? 'north' : 'south',
      value: (i % 17) + 0.5,
      taken_at: new Date(Date.UTC(2026, i % 12, 1 + (i % 27))),
    }));
    await stores.sqh.records.batchCreate(tenant, 'flow', 'Reading', readings, { access, returning: false });
    await stores.sqh.records.create(tenant, 'flow', 'Account', { id: 'acme', name: 'Acme' }, { access });
    await stores.sqh.records.batchCreate(
      tenant,
      'flow',
      'Contact',
      [
        { id: 'nina', name: 'Nina', team: 'north', account: 'acme' },
        { id: 'sol', name: 'Sol', team: 'south', account: 'acme' },
      ],
      { access },
    );
    await stores.sqh.records.batchCreate(
      tenant,
      'flow',
      'Deal',
      [
        { id: 'pumps', title: 'Pumps', amount: 10, contact: 'nina' },
        { id: 'valves', title: 'Valves', amount: 20, contact: 'sol' },
        { id: 'meters', title: 'Meters', amount: 30, contact: 'sol' },
      ],
      { access },
    );
  });

  afterAll(() => stores?.close());

  it('gives the same count through the record service and an SQL aggregate, only for the reader’s team', async () => {
    const counted = await stores.sqh.records.count(tenant, 'flow', 'Reading', undefined, { access: north() });
    const grouped = await stores.sqh
      .get(PG_QUERY)
      .aggregate(
        tenant,
        'flow',
        'Reading',
        { groupBy: ['team'], metrics: { n: 'COUNT(*)' } },
        { access: north() },
      );
    const everything = await stores.sqh.records.count(tenant, 'flow', 'Reading', undefined, {
      access: admin(),
    });

    expect(grouped).toEqual([{ team: 'north', n: counted }]);
    expect(counted).toBe(100);
    expect(everything).toBe(300);
  });

  it('does not walk through a contact the reader may not see, though the deals themselves are readable', async () => {
    const graph = stores.sqh.get(GRAPH_QUERY);
    const walk = { startId: 'acme', path: 'contacts/deals' };

    const asNorth = await graph.traverse(tenant, 'flow', 'Account', walk, { access: north() });
    const asAdmin = await graph.traverse(tenant, 'flow', 'Account', walk, { access: admin() });
    const deals = await stores.sqh.records.list(
      tenant,
      'flow',
      'Deal',
      { orderBy: ['id'] },
      { access: north() },
    );

    expect(asNorth.nodes.map((node) => node.id)).toEqual(['pumps']);
    expect(asAdmin.nodes.map((node) => node.id).sort()).toEqual(['meters', 'pumps', 'valves']);
    expect(deals.map((deal) => deal.id)).toEqual(['meters', 'pumps', 'valves']);
  });

  it('renders the same visible rows as ISON through the query service and the output format registry', async () => {
    const spec = { groupBy: ['station'], metrics: { n: 'COUNT(*)' }, orderBy: ['station'] };
    const queries = stores.sqh.get(PG_QUERY);
    const rows = await queries.aggregate(tenant, 'flow', 'Reading', spec, { access: north() });
    const ison = await queries.aggregate(tenant, 'flow', 'Reading', spec, {
      access: north(),
      outputFormat: 'ison',
    });

    expect(rows.map((row) => row.station)).toEqual(['S-0', 'S-1']);
    expect(ison).toBe(stores.sqh.formats.format('ison', rows, { name: 'Reading_aggregate' }));
  });
});
