import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  errorType,
  rawRequest,
  rejectionOf,
  startTestServer,
  type TestServer,
  uniqueDatabaseName,
} from './support/test-server.js';

describe('databases', () => {
  let server: TestServer;
  const created: string[] = [];

  const newDatabase = async (): Promise<string> => {
    const name = uniqueDatabaseName('emu_db');
    await clientFor(server).createDatabase(name, { label: 'Test database', schema: true });
    created.push(name);
    return name;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    for (const name of created)
      await clientFor(server)
        .deleteDatabase(name)
        .catch(() => undefined);
    await server.close();
  });

  it('creates a database and answers api:DbCreateResponse', async () => {
    const name = uniqueDatabaseName('emu_db');
    const result = await clientFor(server).createDatabase(name, {
      label: 'Created',
      comment: 'c',
      schema: true,
    });
    created.push(name);
    expect(result['@type']).toBe('api:DbCreateResponse');
    expect(result['api:status']).toBe('api:success');
  });

  it('answers HEAD with 200 for an existing database', async () => {
    const name = await newDatabase();
    const response = await rawRequest(server, 'HEAD', `/api/db/admin/${name}`);
    expect(response.status).toBe(200);
  });

  it('answers HEAD with 404 for a missing database', async () => {
    const response = await rawRequest(server, 'HEAD', `/api/db/admin/${uniqueDatabaseName('emu_missing')}`);
    expect(response.status).toBe(404);
  });

  it('refuses to create a database twice with api:DatabaseAlreadyExists', async () => {
    const name = await newDatabase();
    const { status, data } = await rejectionOf(
      clientFor(server).createDatabase(name, { label: 'Again', schema: true }),
    );
    expect(status).toBe(400);
    expect(data['@type']).toBe('api:DbCreateErrorResponse');
    expect(data['api:status']).toBe('api:failure');
    expect(data['api:error']).toMatchObject({
      '@type': 'api:DatabaseAlreadyExists',
      'api:database_name': name,
      'api:organization_name': 'admin',
    });
  });

  it('requires a label with api:MissingParameter', async () => {
    const response = await rawRequest(server, 'POST', `/api/db/admin/${uniqueDatabaseName('emu_nolabel')}`, {
      body: JSON.stringify({ comment: 'no label here' }),
    });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      '@type': 'api:DbCreateErrorResponse',
      'api:error': { '@type': 'api:MissingParameter', 'api:parameter': 'label' },
    });
  });

  it('refuses an empty label', async () => {
    const response = await rawRequest(
      server,
      'POST',
      `/api/db/admin/${uniqueDatabaseName('emu_emptylabel')}`,
      {
        body: JSON.stringify({ label: '' }),
      },
    );
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      '@type': 'api:DbCreateErrorResponse',
      'api:status': 'api:failure',
    });
  });

  it('lists a created database', async () => {
    const name = await newDatabase();
    const response = await rawRequest(server, 'GET', '/api/db');
    expect(response.status).toBe(200);
    expect(Array.isArray(response.json())).toBe(true);
    expect(response.text).toContain(`admin/${name}`);
  });

  it('deletes a database with api:DbDeleteResponse', async () => {
    const name = await newDatabase();
    const result = await clientFor(server).deleteDatabase(name);
    expect(result).toMatchObject({ '@type': 'api:DbDeleteResponse', 'api:status': 'api:success' });
    const head = await rawRequest(server, 'HEAD', `/api/db/admin/${name}`);
    expect(head.status).toBe(404);
  });

  it('reports deleting a missing database as 404 api:UnknownDatabase', async () => {
    const name = uniqueDatabaseName('emu_gone');
    const { status, data } = await rejectionOf(clientFor(server).deleteDatabase(name));
    expect(status).toBe(404);
    expect(data['@type']).toBe('api:DbDeleteErrorResponse');
    expect(data['api:status']).toBe('api:not_found');
    expect(data['api:error']).toMatchObject({
      '@type': 'api:UnknownDatabase',
      'api:database_name': name,
      'api:organization_name': 'admin',
    });
  });

  it('reports documents of a missing database as 404 api:UnresolvableAbsoluteDescriptor', async () => {
    const name = uniqueDatabaseName('emu_nodb');
    const { status, data } = await rejectionOf(clientFor(server, name).getDocument({ as_list: true }));
    expect(status).toBe(404);
    expect(errorType(data)).toBe('api:UnresolvableAbsoluteDescriptor');
  });
});
