import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Runs every `*.bench.ts` in this folder one after another (never in parallel:
// two benchmarks sharing two cores would measure each other). `pnpm bench NAME`
// runs only the files whose name contains NAME.
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.includes(only))
  .sort();

for (const file of files) {
  console.log(`\n=== ${file} ===`);
  await import(pathToFileURL(join(here, file)).href);
}
