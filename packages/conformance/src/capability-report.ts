import type { BackendCapabilities } from '@sqh/core/spi';

/** The boolean capabilities a backend declares; each may gate conformance cases. */
export type Capability = {
  [K in keyof BackendCapabilities]: BackendCapabilities[K] extends boolean ? K : never;
}[keyof BackendCapabilities];

/**
 * Which cases each capability ran or skipped, printed when the suite ends so a
 * backend author sees what their declaration covered: a case that needs a
 * capability the backend does not declare is skipped, never failed or hidden.
 */
export class CapabilityReport {
  private readonly counts = new Map<Capability, { ran: number; skipped: number }>();

  note(capability: Capability, ran: boolean): void {
    const count = this.counts.get(capability) ?? { ran: 0, skipped: 0 };
    if (ran) count.ran++;
    else count.skipped++;
    this.counts.set(capability, count);
  }

  render(suite: string, declared: BackendCapabilities): string {
    const lines = [`${suite} conformance by capability:`];
    for (const [name, value] of Object.entries(declared)) {
      if (typeof value !== 'boolean') continue;
      const count = this.counts.get(name as Capability);
      const cases = count ? `${count.ran} case(s) ran, ${count.skipped} skipped` : 'no gated cases';
      lines.push(`  ${name.padEnd(20)} ${(value ? 'declared' : 'not declared').padEnd(13)} ${cases}`);
    }
    return lines.join('\n');
  }
}
