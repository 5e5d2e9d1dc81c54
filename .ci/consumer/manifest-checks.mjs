import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a published package must look like for a consumer: checked on the packed
 * tarball's contents (unpacked to `dir`), so it sees exactly what npm would publish.
 * Returns the problems found; empty when the package is fine.
 */
export function manifestProblems(dir, files) {
  const problems = [];
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const name = manifest.name;
  const say = (text) => problems.push(`${name}: ${text}`);
  const text = JSON.stringify(manifest);
  if (text.includes('workspace:')) say('a workspace: range was packed');
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (dep.startsWith('@sqh/')) say(`${dep} is a dependency; sqh packages must be peers (one copy of core)`);
    if (dep === 'zod') say('zod is a dependency; it must be a peer (users import it to write models)');
  }
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target !== 'object' || !target.types || !target.default) {
      say(`exports["${subpath}"] needs "types" and "default" (default lets require() load it)`);
    }
  }
  if (!manifest.engines?.node) say('no engines.node');
  if (!manifest.repository?.url || !manifest.repository?.directory) say('no repository url/directory');
  if (manifest.publishConfig?.access !== 'public') say('publishConfig.access is not "public"');
  if (!files.includes('LICENSE')) say('no LICENSE in the tarball');
  const readme = files.includes('README.md') ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
  if (!/```sh\nnpm i [^\n]*\n```/.test(readme)) say('README has no install line (```sh npm i ...```)');
  for (const map of files.filter((file) => file.endsWith('.map'))) {
    const { sources } = JSON.parse(readFileSync(join(dir, map), 'utf8'));
    for (const source of sources) {
      const shipped = join(map, '..', source);
      if (!files.includes(shipped)) say(`${map} names ${source}, which the tarball does not ship`);
    }
  }
  return problems;
}
