import { WOQLClient } from 'terminusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorType,
  rawRequest,
  rejectionOf,
  startTestServer,
  type TestServer,
} from './support/test-server.js';

describe('server basics', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers GET /api/ok with 200 without credentials', async () => {
    const response = await fetch(`${server.url}/api/ok`);
    expect(response.status).toBe(200);
  });

  it('reports server information through the client', async () => {
    const client = new WOQLClient(server.url, {
      user: server.user,
      key: server.password,
      organization: 'admin',
    });
    const info = await client.info();
    expect(info['@type']).toBe('api:InfoResponse');
    expect(info['api:status']).toBe('api:success');
    expect(info['api:info']).toBeTypeOf('object');
  });

  it('rejects a wrong password with 401 in the server error shape', async () => {
    const client = new WOQLClient(server.url, {
      user: server.user,
      key: 'not-the-password',
      organization: 'admin',
    });
    const { status, data } = await rejectionOf(client.info());
    expect(status).toBe(401);
    expect(data['@type']).toBe('api:ErrorResponse');
    expect(data['api:status']).toBe('api:failure');
    expect(errorType(data)).toBe('api:IncorrectAuthenticationError');
  });

  it('rejects a request without credentials with 401', async () => {
    const response = await fetch(`${server.url}/api/db`);
    expect(response.status).toBe(401);
  });

  it('rejects a wrong password on a data endpoint too', async () => {
    const response = await rawRequest(server, 'GET', '/api/db', { password: 'wrong' });
    expect(response.status).toBe(401);
    expect(errorType(response.json() as Record<string, unknown>)).toBe('api:IncorrectAuthenticationError');
  });
});
