import { defineConfig } from 'vitest/config';

/** Where CI wants vitest's JSON report (read by .ci/test-totals.mjs); unset for a person. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: vitest runs after turbo, not as a turbo task.
const reportFile = process.env.SQH_TEST_REPORT;

// One vitest run covers every workspace member; each member keeps its own
// vitest.config.ts (built from vitest.shared.ts) so it can also be tested alone.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', 'examples/*', 'apps/*', 'test-e2e'],
    reporters: reportFile ? ['default', 'json'] : ['default'],
    ...(reportFile ? { outputFile: { json: reportFile } } : {}),
  },
});
