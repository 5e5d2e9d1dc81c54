import { describe, expect, it } from 'vitest';
import { TerminusApiError, TerminusHttpClient, TerminusUnreachableError } from '../src/index.js';

interface Captured {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** A fetch that records every request and answers from `reply`. */
function recordingFetch(reply: (request: Captured) => Response = () => Response.json([])) {
  const requests: Captured[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request: Captured = {
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    };
    requests.push(request);
    await Promise.resolve();
    return reply(request);
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

const resourceA = { organization: 'admin', database: 'sqh_tenant_a' };
const resourceB = { organization: 'admin', database: 'sqh_tenant_b' };
const commit = { author: 'sqh', message: 'test' };

describe('the TerminusDB HTTP client', () => {
  it('names the resource in every request, so concurrent calls for different tenants never mix', async () => {
    const { requests, fetch } = recordingFetch();
    const client = new TerminusHttpClient({
      url: 'http://db.example:6363',
      user: 'admin',
      key: 'root',
      fetch,
    });
    await Promise.all([
      client.insertDocuments(resourceA, [{ '@type': 'T' }], { commit }),
      client.insertDocuments(resourceB, [{ '@type': 'T' }], { commit }),
    ]);
    expect(requests.map((request) => request.url.pathname).sort()).toStrictEqual([
      '/api/document/admin/sqh_tenant_a',
      '/api/document/admin/sqh_tenant_b',
    ]);
  });

  it('sends a data version only with the write it belongs to; nothing sticks to later requests', async () => {
    const { requests, fetch } = recordingFetch();
    const client = new TerminusHttpClient({
      url: 'http://db.example:6363/api/',
      user: 'admin',
      key: 'root',
      fetch,
    });
    await client.replaceDocuments(resourceA, [{ '@id': 'T/1' }], { commit, dataVersion: 'branch:abc' });
    await client.replaceDocuments(resourceA, [{ '@id': 'T/1' }], { commit });
    await client.getAllDocuments(resourceA);
    expect(requests[0]?.headers['TerminusDB-Data-Version']).toBe('branch:abc');
    expect(requests[1]?.headers['TerminusDB-Data-Version']).toBeUndefined();
    expect(requests[2]?.headers['TerminusDB-Data-Version']).toBeUndefined();
    expect(requests.every((request) => request.url.pathname.startsWith('/api/document/'))).toBe(true);
  });

  it('does not change the documents or options it is given', async () => {
    const { fetch } = recordingFetch();
    const client = new TerminusHttpClient({
      url: 'http://db.example:6363',
      user: 'admin',
      key: 'root',
      fetch,
    });
    const documents = Object.freeze([Object.freeze({ '@type': 'T', name: 'x' })]);
    const options = Object.freeze({ commit: Object.freeze({ ...commit }), dataVersion: 'branch:1' });
    const before = JSON.stringify({ documents, options });
    await client.replaceDocuments(resourceA, documents, options);
    expect(JSON.stringify({ documents, options })).toBe(before);
  });

  it('authenticates every request with HTTP Basic', async () => {
    const { requests, fetch } = recordingFetch();
    const client = new TerminusHttpClient({
      url: 'http://db.example:6363',
      user: 'ann',
      key: 's3cret',
      fetch,
    });
    await client.getAllDocuments(resourceA);
    expect(requests[0]?.headers.Authorization).toBe(`Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
  });

  it('reports the API error type, and tolerates error bodies without one', async () => {
    const notFound = recordingFetch(() =>
      Response.json(
        {
          '@type': 'api:GetDocumentErrorResponse',
          'api:status': 'api:not_found',
          'api:error': { '@type': 'api:DocumentNotFound' },
        },
        { status: 404 },
      ),
    );
    const client = new TerminusHttpClient({
      url: 'http://db.example',
      user: 'a',
      key: 'b',
      fetch: notFound.fetch,
    });
    await expect(client.getDocument(resourceA, 'T/1')).rejects.toMatchObject({
      status: 404,
      errorType: 'api:DocumentNotFound',
    });

    const overloaded = recordingFetch(() => new Response('{"api:message":"busy"}', { status: 503 }));
    const other = new TerminusHttpClient({
      url: 'http://db.example',
      user: 'a',
      key: 'b',
      fetch: overloaded.fetch,
    });
    const error = await other.getDocument(resourceA, 'T/1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerminusApiError);
    expect(error).toMatchObject({ status: 503, errorType: undefined });
  });

  it('reports an unreachable server without the credentials', async () => {
    const client = new TerminusHttpClient({ url: 'http://127.0.0.1:9', user: 'admin', key: 'do-not-leak' });
    const error = await client.getAllDocuments(resourceA).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerminusUnreachableError);
    expect(String((error as Error).message)).not.toContain('do-not-leak');
  });
});
