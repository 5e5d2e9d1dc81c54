import { createServer } from 'node:net';
import {
  BackendUnavailableError,
  ConfigurationError,
  ConflictError,
  createSqh,
  type SqhPlugin,
  ValidationError,
} from '@sqh/core';
import { describe, expect, it } from 'vitest';
import { type TerminusBackendOptions, terminusBackend } from '../src/index.js';
import { crmModels } from './support/crm-models.js';
import { useTerminusServer } from './support/terminus-server.js';

const server = useTerminusServer();
const run = Math.random().toString(36).slice(2, 8);
const TENANT = `errors-${run}`;
const SECRET = 'never-show-this-key';

const compose = (plugin: SqhPlugin) => createSqh({ plugins: [plugin], models: crmModels });
const accountInput = { name: 'Acme', revenue: 1, tags: [], active: true };

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function failureOf(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe('server failures as core errors', () => {
  it('connection refused: BackendUnavailableError that says where to look, without credentials', async () => {
    const options: TerminusBackendOptions = {
      url: `http://127.0.0.1:${await closedPort()}`,
      user: 'admin',
      key: SECRET,
    };
    const sqh = await compose(terminusBackend(options));
    const error = await failureOf(sqh.records.get(TENANT, 'crm', 'AppCRMAccount', 'x'));
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(error.message).toMatch(/cannot be reached.*TERMINUSDB_URL/);
    expect(error.message).not.toContain(SECRET);
    await sqh.close();
  });

  it('refused credentials: ConfigurationError naming TERMINUSDB_USER and the key variable, not the key', async () => {
    const sqh = await compose(terminusBackend({ ...server().options, key: SECRET }));
    const error = await failureOf(sqh.records.create(TENANT, 'crm', 'AppCRMAccount', accountInput));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/TERMINUSDB_USER and TERMINUSDB_KEY/);
    expect(error.message).not.toContain(SECRET);
    await sqh.close();
  });

  it('a url with credentials in it is refused at composition, without echoing them', async () => {
    const error = await failureOf(
      compose(terminusBackend({ url: `http://admin:${SECRET}@localhost:6363`, user: 'admin', key: 'root' })),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).not.toContain(SECRET);
  });

  it('a duplicate id: ConflictError', async () => {
    const sqh = await compose(terminusBackend(server().options));
    await sqh.records.create(TENANT, 'crm', 'AppCRMAccount', { ...accountInput, id: 'dup' });
    const error = await failureOf(
      sqh.records.create(TENANT, 'crm', 'AppCRMAccount', { ...accountInput, id: 'dup' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("'dup'");
    await sqh.close();
  });

  it('a schema check failure: ValidationError naming the field (a link to a record that does not exist)', async () => {
    const sqh = await compose(terminusBackend(server().options));
    const call = sqh.records.create(TENANT, 'crm', 'AppCRMContact', {
      name: 'Ann',
      email: 'a@x.test',
      account: 'missing-account',
    });
    const error = await failureOf(call);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toContainEqual(expect.objectContaining({ path: ['account'] }));
    await sqh.close();
  });

  it('deleting a record other records link to: ConflictError, and the record stays', async () => {
    const sqh = await compose(terminusBackend(server().options));
    await sqh.records.create(TENANT, 'crm', 'AppCRMAccount', { ...accountInput, id: 'linked' });
    await sqh.records.create(TENANT, 'crm', 'AppCRMContact', {
      name: 'Bo',
      email: 'b@x.test',
      account: 'linked',
    });
    const error = await failureOf(sqh.records.delete(TENANT, 'crm', 'AppCRMAccount', 'linked'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(await sqh.records.get(TENANT, 'crm', 'AppCRMAccount', 'linked')).not.toBeNull();
    await sqh.close();
  });
});
