import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace member; each member keeps its own
// vitest.config.ts (built from vitest.shared.ts) so it can also be tested alone.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', 'examples/*', 'apps/*', 'test-e2e'],
    reporters: ['default'],
  },
});
