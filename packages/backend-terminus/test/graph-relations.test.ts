import { createSqh, type FilterInput, type Sqh } from '@sqh/core';
import { tenantSlug } from '@sqh/core/spi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node, PathPattern, TERMINUS_BACKEND, terminusBackend, variable, WOQL } from '../src/index.js';
import { account, contact, crmModels, opportunity } from './support/crm-models.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();
const TENANT = `graph-${Math.random().toString(36).slice(2, 8)}`;
let sqh: Sqh;

const ids = (records: readonly { id: string }[]) => records.map((record) => record.id).sort();

beforeAll(async () => {
  sqh = await createSqh({ plugins: [terminusBackend(server().options)], models: crmModels });
  const create = (
    model: typeof account | typeof contact | typeof opportunity,
    data: Record<string, unknown>,
  ) => sqh.records.create(TENANT, model.group, model.name, data);
  await create(account, { id: 'acme', name: 'Acme', revenue: 1, tags: [], active: true });
  await create(account, { id: 'globex', name: 'Globex', revenue: 2, tags: [], active: true });
  await create(contact, { id: 'ann', name: 'Ann', email: 'ann@acme.test', account: 'acme' });
  // Relation values may carry the target's class prefix, as graph query results do.
  await create(contact, {
    id: 'bo',
    name: 'Bo',
    email: 'bo@globex.test',
    account: 'AppCRMAccount/globex',
    previousAccounts: ['acme'],
  });
  await create(opportunity, {
    id: 'deal',
    title: 'Big deal',
    amount: 1e6,
    stage: 'lead',
    contacts: ['bo', 'ann'],
  });
});

afterAll(async () => {
  await sqh.get(TERMINUS_BACKEND).dropTenant(TENANT);
  await sqh.close();
});

describe('relations as links between documents', () => {
  it('read back as the target record ids, in order for arrays', async () => {
    expect(await sqh.records.get(TENANT, 'crm', 'AppCRMContact', 'bo')).toStrictEqual({
      id: 'bo',
      name: 'Bo',
      email: 'bo@globex.test',
      account: 'globex',
      previousAccounts: ['acme'],
    });
    expect((await sqh.records.get(TENANT, 'crm', 'AppCRMOpportunity', 'deal'))?.contacts).toStrictEqual([
      'bo',
      'ann',
    ]);
  });

  it('can be filtered on by target id, with or without the class prefix', async () => {
    const by = (filters: FilterInput) => sqh.records.list(TENANT, 'crm', 'AppCRMContact', { filters });
    expect(ids(await by({ account: 'acme' }))).toStrictEqual(['ann']);
    expect(ids(await by({ account: 'AppCRMAccount/acme' }))).toStrictEqual(['ann']);
    expect(ids(await by({ account: { $in: ['acme', 'globex'] } }))).toStrictEqual(['ann', 'bo']);
    expect(ids(await by({ account: { $ne: 'acme' } }))).toStrictEqual(['bo']);
    expect(ids(await by({ previousAccounts: { $has: 'acme' } }))).toStrictEqual(['bo']);
    const deals = await sqh.records.list(TENANT, 'crm', 'AppCRMOpportunity', {
      filters: { contacts: { $has: 'ann' } },
    });
    expect(ids(deals)).toStrictEqual(['deal']);
  });

  it('are real edges: one WOQL path query walks opportunity → contacts → account', async () => {
    const terminus = sqh.get(TERMINUS_BACKEND);
    const resource = terminus.databaseFor(TENANT);
    expect(resource.database).toBe(`sqh_tenant_${tenantSlug(TENANT)}`);
    const pattern = PathPattern.sequence(
      PathPattern.predicate('contacts'),
      PathPattern.star(PathPattern.predicate('rdf:rest')),
      PathPattern.predicate('rdf:first'),
      PathPattern.predicate('account'),
    );
    const query = WOQL.select(
      ['target'],
      WOQL.path(node(terminus.documentId(opportunity, 'deal')), pattern, variable('target')),
    );
    const { value } = await terminus.client.woql(resource, query);
    const reached = value.bindings.map((binding) => terminus.recordId(String(binding.target))).sort();
    expect(reached).toStrictEqual(['acme', 'globex']);
  });

  it('the service maps models to classes and ids to document ids', () => {
    const terminus = sqh.get(TERMINUS_BACKEND);
    expect(terminus.classMapping(contact).className).toBe('AppCRMContact');
    expect(terminus.documentId(account, 'a b')).toBe('AppCRMAccount/a%20b');
    expect(terminus.documentId(account, 'AppCRMAccount/a%20b')).toBe('AppCRMAccount/a%20b');
    expect(terminus.recordId('AppCRMAccount/a%20b')).toBe('a b');
  });
});
