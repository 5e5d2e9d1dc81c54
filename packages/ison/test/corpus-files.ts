import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IsonBlockInput, IsonRecordInput } from '../src/index.js';

// The ISON project's conformance corpus, copied with its MIT licence so the
// tests never depend on a checkout outside this package.
const corpusRoot = fileURLToPath(new URL('./fixtures/ison-corpus/benchmark/', import.meta.url));

export function corpusFile(path: string): string {
  return readFileSync(corpusRoot + path, 'utf8');
}

export function corpusFileExists(path: string): boolean {
  return existsSync(corpusRoot + path);
}

/** Names listed one per line in a corpus `cases.txt`. */
export function corpusCases(listing: string): string[] {
  return corpusFile(listing)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function corpusVariants(directory: string): string[] {
  return readdirSync(corpusRoot + directory)
    .filter((file) => file.endsWith('.ison'))
    .sort();
}

/** A corpus `{ "block": [rows] }` build file as table blocks. */
export function builtBlocks(path: string): IsonBlockInput[] {
  const data = JSON.parse(corpusFile(path)) as Record<string, IsonRecordInput[]>;
  return Object.entries(data).map(([name, rows]) => ({ kind: 'table', name, rows }));
}
