import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError, createSqh, defineModel, type Sqh, StorageConfig } from '@sqh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { terminusBackend } from '../src/index.js';

const Note = defineModel({
  group: 'hang',
  name: 'HangNote',
  storage: StorageConfig.terminusdb(),
  schema: z.object({ text: z.string() }),
});

/** Polls until `check` holds; a bounded wait, not a speed assertion. */
async function eventually(check: () => boolean, attempts = 100): Promise<boolean> {
  for (let attempt = 0; attempt < attempts && !check(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('a TerminusDB that accepts requests and never answers', () => {
  let server: Server;
  let url: string;
  /** Requests whose connection is still open (never answered, not yet aborted by the client). */
  const open = new Set<ServerResponse>();

  beforeAll(async () => {
    // Reads each request and never responds; remembers which requests are still open.
    server = createServer((request, response) => {
      open.add(response);
      response.on('close', () => open.delete(response));
      request.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function compose(requestTimeoutMs?: number): Promise<Sqh> {
    return createSqh({
      plugins: [
        terminusBackend({
          url,
          user: 'admin',
          key: 'root',
          ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
        }),
      ],
      models: [Note],
    });
  }

  it('ends a call at its timeout with CANCELLED, however far the call got', async () => {
    const sqh = await compose();
    try {
      const error = await sqh.records
        .count('hang-tenant', 'hang', 'HangNote', undefined, { timeoutMs: 300 })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).reason).toBe('timeout');
    } finally {
      await sqh.close();
    }
  });

  it("ends a call when the caller's signal fires: CANCELLED, reason 'aborted'", async () => {
    const sqh = await compose(600_000);
    try {
      const controller = new AbortController();
      const pending = sqh.records
        .get('hang-tenant-2', 'hang', 'HangNote', 'some-id', { signal: controller.signal })
        .catch((caught: unknown) => caught);
      expect(await eventually(() => open.size > 0)).toBe(true);
      controller.abort();
      const error = await pending;
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).reason).toBe('aborted');
    } finally {
      await sqh.close();
    }
  });

  it('aborts every request, shared ones included, after requestTimeoutMs: BACKEND_UNAVAILABLE', async () => {
    const sqh = await compose(300);
    const earlier = new Set(open);
    try {
      const error = await sqh.records
        .count('hang-tenant-3', 'hang', 'HangNote', undefined, { timeoutMs: 30_000 })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
      expect((error as Error).message).toContain('no answer within 300 ms');
      // Every request this composition sent was aborted by the client, none left hanging.
      expect(await eventually(() => [...open].every((request) => earlier.has(request)))).toBe(true);
    } finally {
      await sqh.close();
    }
  });
});
