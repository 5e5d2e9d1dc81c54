import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Tests import workspace packages by name; resolve those names to each package's
 * `src/index.ts` so a test never runs against a stale `dist/`.
 */
function workspaceSourceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const group of ['packages', 'tools', 'examples', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const manifest = join(dir, entry, 'package.json');
      const source = join(dir, entry, 'src', 'index.ts');
      if (!existsSync(manifest) || !existsSync(source)) continue;
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
      aliases[name] = source;
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
      ...test,
    },
  });
}

export const repoRoot = resolve(root);
