import { TERMINUS_BACKEND, type TerminusBackendOptions, terminusBackend } from '@sqh/backend-terminus';
import { createSqh, defineModel } from '@sqh/core';
import { GRAPH_QUERY, graphQueryPlugin } from '@sqh/query-graph';
import { resolveTerminus } from '@sqh/terminusdb-emulator';
import { WOQL } from 'terminusdb';
import { z } from 'zod';
import { median, withSpread } from './pg-bench-support.js';
import { seededRandom } from './seeded-random.js';

// traverse depth 3 over a 10,000-record CRM graph (account -> contacts -> opportunities ->
// partner accounts) as ONE WOQL request, against the same walk done the way a client without
// a graph query would: one HTTP request per hop of each record (each request asks for the
// neighbours of one record), then one request reading the reached documents. Both sides give
// the same records (checked). Rounds interleave the two sides start by start; the figure is
// each round's time ratio traverse / per-hop, median (min–max) over rounds, plus requests per
// walk. TerminusDB is the in-process emulator unless TERMINUSDB_URL is set.
// Target: traverse <= 0.5 x the per-hop walk.

const SIZE = 10_000;
const ROUNDS = 7;
const STARTS = 20;
const TARGET = 0.5;

const Account = defineModel({ group: 'crm', name: 'AppCRMAccount', schema: z.object({ name: z.string() }) });
const Contact = defineModel({
  group: 'crm',
  name: 'AppCRMContact',
  schema: z.object({ name: z.string(), account: z.string() }),
  relations: { account: { model: 'AppCRMAccount', inverse: 'contacts' } },
});
const Opportunity = defineModel({
  group: 'crm',
  name: 'AppCRMOpportunity',
  schema: z.object({
    title: z.string(),
    contacts: z.array(z.string()),
    partners: z.array(z.string()).optional(),
  }),
  relations: {
    contacts: { model: 'AppCRMContact', inverse: 'opportunities' },
    partners: { model: 'AppCRMAccount', inverse: 'partnerDeals' },
  },
});

const random = seededRandom(11);
const accounts = Array.from({ length: SIZE / 10 }, (_, i) => ({ id: `a${i}`, name: `Account ${i}` }));
const contacts = Array.from({ length: SIZE / 2 }, (_, i) => ({
  id: `c${i}`,
  name: `Contact ${i}`,
  account: `a${Math.floor(random() * accounts.length)}`,
}));
const opportunities = Array.from({ length: SIZE - accounts.length - contacts.length }, (_, i) => {
  const chosen = new Set<string>();
  const size = 1 + Math.floor(random() * 4);
  while (chosen.size < size) chosen.add(`c${Math.floor(random() * contacts.length)}`);
  const partners = random() < 0.5 ? [`a${Math.floor(random() * accounts.length)}`] : undefined;
  return { id: `o${i}`, title: `Deal ${i}`, contacts: [...chosen], ...(partners ? { partners } : {}) };
});

const server = await resolveTerminus();
const { url, user, key, organization, emulator } = server;
let requests = 0;
const options: TerminusBackendOptions = {
  url,
  user,
  key,
  organization,
  fetch: (input, init) => {
    requests++;
    return globalThis.fetch(input, init);
  },
};
const sqh = await createSqh({
  plugins: [terminusBackend(options), graphQueryPlugin()],
  models: [Account, Contact, Opportunity],
});
const tenant = `bench-graph-${process.pid}`;
const terminus = sqh.get(TERMINUS_BACKEND);
try {
  await sqh.records.batchCreate(tenant, 'crm', 'AppCRMAccount', accounts, { returning: false });
  await sqh.records.batchCreate(tenant, 'crm', 'AppCRMContact', contacts, { returning: false });
  await sqh.records.batchCreate(tenant, 'crm', 'AppCRMOpportunity', opportunities, { returning: false });
  const graph = sqh.get(GRAPH_QUERY);
  const resource = terminus.databaseFor(tenant);
  const path = 'contacts/opportunities/partners';

  const traverse = async (start: string) =>
    (await graph.traverse(tenant, 'crm', 'AppCRMAccount', { startId: start, path, limit: 10_000 })).nodes.map(
      (node) => node.id,
    );

  /** The neighbours of one record along one relation: one WOQL request. */
  const neighbours = async (query: ReturnType<typeof WOQL.select>): Promise<string[]> => {
    const { value } = await terminus.client.woql(resource, query.json() as never);
    return value.bindings.map((binding) => String(binding.n));
  };
  const perHop = async (start: string) => {
    let frontier = [`AppCRMAccount/${start}`];
    const hops = [
      (id: string) => WOQL.select('v:n', WOQL.triple('v:n', 'account', id)),
      (id: string) => WOQL.select('v:n', WOQL.path(id, '<rdf:first,(<rdf:rest)*,<contacts', 'v:n')),
      (id: string) => WOQL.select('v:n', WOQL.triple(id, 'partners', 'v:n')),
    ];
    for (const hop of hops) {
      const next = new Set<string>();
      for (const id of frontier) for (const found of await neighbours(hop(id))) next.add(found);
      frontier = [...next].sort();
    }
    const { value } = await terminus.client.woql(
      resource,
      WOQL.select(
        'v:doc',
        WOQL.and(WOQL.member('v:n', frontier), WOQL.read_document('v:n', 'v:doc')),
      ).json() as never,
    );
    return value.bindings.map((binding) =>
      terminus.recordId(String((binding.doc as { '@id': string })['@id'])),
    );
  };

  const starts = Array.from({ length: STARTS }, (_, n) => `a${(n * 37) % accounts.length}`);
  for (const start of starts.slice(0, 3)) {
    const [a, b] = [await traverse(start), await perHop(start)];
    if (a.sort().join() !== b.sort().join())
      throw new Error(`traverse and the per-hop walk disagree from ${start}`);
  }
  const ratios: number[] = [];
  const requestCounts: { traverse: number[]; perHop: number[] } = { traverse: [], perHop: [] };
  let reached = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let oneRequest = 0;
    let manyRequests = 0;
    for (const [n, start] of starts.entries()) {
      const order = (round + n) % 2 === 0 ? ['traverse', 'perHop'] : ['perHop', 'traverse'];
      for (const side of order) {
        const before = requests;
        const began = performance.now();
        const found = side === 'traverse' ? await traverse(start) : await perHop(start);
        const spent = performance.now() - began;
        if (side === 'traverse') {
          oneRequest += spent;
          requestCounts.traverse.push(requests - before);
          reached += round === 0 ? found.length : 0;
        } else {
          manyRequests += spent;
          requestCounts.perHop.push(requests - before);
        }
      }
    }
    ratios.push(oneRequest / manyRequests);
  }
  const figure = median(ratios);
  console.log(
    `${SIZE.toLocaleString('en')} records, path ${path} (depth 3) from ${STARTS} accounts (${reached} records reached), ${ROUNDS} rounds, ${emulator ? 'emulator' : url}`,
  );
  console.log(
    `requests per walk: traverse ${withSpread(requestCounts.traverse, 0)}, per-hop ${withSpread(requestCounts.perHop, 0)}`,
  );
  console.log(
    `traverse / per-hop walk time: ${withSpread(ratios)}  target <= ${TARGET}  ${figure <= TARGET ? 'OK' : 'MISSED'}`,
  );
} finally {
  await terminus.dropTenant(tenant);
  await sqh.close();
  await server.stop();
}
