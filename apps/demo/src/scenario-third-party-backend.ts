import type { Sqh } from '@sqh/core';
import type { DemoPeople } from './demo-access.js';
import { heading, say } from './say.js';

/** A backend written only against the public SPI, plugged in next to the real ones. */
export async function runNotesScenario(
  sqh: Sqh,
  tenants: readonly { readonly id: string; readonly people: DemoPeople }[],
): Promise<void> {
  heading('A third-party backend (examples/backend-memory)');
  const [firstTenant, secondTenant] = tenants;
  if (!firstTenant || !secondTenant) return;
  const [first, second] = [firstTenant.id, secondTenant.id];
  const access = firstTenant.people.admin;
  const secondAccess = secondTenant.people.admin;
  await sqh.records.create(
    first,
    'notes',
    'AppNote',
    {
      text: 'Call Ada about the sensor network',
      pinned: true,
    },
    { access },
  );
  await sqh.records.create(
    first,
    'notes',
    'AppNote',
    {
      text: 'Nitrate spike at ST-012 — check the sampler',
    },
    { access },
  );
  await sqh.records.create(
    second,
    'notes',
    'AppNote',
    { text: 'Globex kickoff on Monday' },
    { access: secondAccess },
  );
  const pinned = await sqh.records.list(first, 'notes', 'AppNote', { filters: { pinned: true } }, { access });
  say(`Same record service, same filters, a backend registered under its own key 'memory':`);
  say(
    `${first} has ${await sqh.records.count(first, 'notes', 'AppNote', undefined, { access })} notes, pinned: "${String(pinned[0]?.text)}".`,
  );
  say(
    `${second} sees only its own: ${await sqh.records.count(second, 'notes', 'AppNote', undefined, { access: secondAccess })} note.`,
  );
}
