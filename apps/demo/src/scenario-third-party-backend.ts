import type { Sqh } from '@sqh/core';
import { heading, say } from './say.js';

/** A backend written only against the public SPI, plugged in next to the real ones. */
export async function runNotesScenario(sqh: Sqh, tenantIds: readonly string[]): Promise<void> {
  heading('A third-party backend (examples/backend-memory)');
  const [first, second] = tenantIds;
  if (!first || !second) return;
  await sqh.records.create(first, 'notes', 'AppNote', {
    text: 'Call Ada about the sensor network',
    pinned: true,
  });
  await sqh.records.create(first, 'notes', 'AppNote', {
    text: 'Nitrate spike at ST-012 — check the sampler',
  });
  await sqh.records.create(second, 'notes', 'AppNote', { text: 'Globex kickoff on Monday' });
  const pinned = await sqh.records.list(first, 'notes', 'AppNote', { filters: { pinned: true } });
  say(`Same record service, same filters, a backend registered under its own key 'memory':`);
  say(
    `${first} has ${await sqh.records.count(first, 'notes', 'AppNote')} notes, pinned: "${String(pinned[0]?.text)}".`,
  );
  say(`${second} sees only its own: ${await sqh.records.count(second, 'notes', 'AppNote')} note.`);
}
