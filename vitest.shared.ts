import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

type ExportTarget = string | { readonly [condition: string]: ExportTarget };

/** The built file an `exports` entry names, e.g. `./dist/spi.js`. */
function builtFile(target: ExportTarget): string | undefined {
  if (typeof target === 'string') return target;
  return builtFile(target.default ?? target.import ?? '');
}

/**
 * Tests import workspace packages by name, subpaths included (`@sqh/core/spi`);
 * resolve each exported entry to its `src/*.ts` so a test never runs against a
 * stale `dist/`. Exact-match patterns, so `@sqh/core` never captures `@sqh/core/spi`.
 */
function workspaceSourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'tools', 'examples', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const manifestPath = join(dir, entry, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        exports?: Record<string, ExportTarget>;
      };
      for (const [subpath, target] of Object.entries(manifest.exports ?? { '.': './dist/index.js' })) {
        const built = builtFile(target);
        if (!built?.startsWith('./dist/')) continue;
        const source = join(dir, entry, 'src', built.slice('./dist/'.length).replace(/\.js$/, '.ts'));
        if (!existsSync(source)) continue;
        const specifier = manifest.name + subpath.slice(1);
        aliases.push({
          find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
          replacement: source,
        });
      }
    }
  }
  return aliases;
}

export function sqhProject(
  name: string,
  test: NonNullable<UserWorkspaceConfig['test']> = {},
): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: workspaceSourceAliases() },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      // Real databases on a 2-core machine running several test files at once: 5 s (vitest's
      // default) is too tight for a test that walks a 10,000-record graph. Projects may raise it.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}

export const repoRoot = resolve(root);
