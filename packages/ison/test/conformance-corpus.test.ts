import { describe, expect, it } from 'vitest';
import {
  decode,
  encodeBlocks,
  encodeBlocksIsonl,
  type IsonBlock,
  type IsonBlockInput,
  IsonEncodeError,
} from '../src/index.js';
import { builtBlocks, corpusCases, corpusFile, corpusFileExists, corpusVariants } from './corpus-files.js';

const renderings: Record<string, (blocks: readonly IsonBlockInput[]) => string> = {
  dumps: (blocks) => encodeBlocks(blocks),
  canonical: (blocks) => encodeBlocks(blocks, { canonical: true }),
  isonl: (blocks) => encodeBlocksIsonl(blocks),
  canonical_isonl: (blocks) => encodeBlocksIsonl(blocks, { canonical: true }),
};

const parityCases = corpusCases('parity/cases.txt');
const permutedCases = corpusCases('parity/permuted/cases.txt');
const builtCases = corpusCases('parity/built/cases.txt');

describe('parity corpus: each input read and written four ways', () => {
  it('lists the 16 cases the reference page describes', () => {
    expect(parityCases).toHaveLength(16);
  });

  describe.each(parityCases)('%s', (name) => {
    const blocks: IsonBlock[] = decode(corpusFile(`parity/${name}.ison`));

    it.each(Object.keys(renderings))('writes the %s rendering byte for byte', (mode) => {
      expect(renderings[mode]!(blocks)).toBe(corpusFile(`parity/${name}.${mode}.expected`));
    });

    it('gives the same canonical bytes when its canonical form is read and written again', () => {
      const canonical = encodeBlocks(blocks, { canonical: true });
      expect(encodeBlocks(decode(canonical), { canonical: true })).toBe(canonical);
    });
  });
});

describe('permuted corpus: reorderings of one document share one canonical form', () => {
  describe.each(permutedCases)('%s', (name) => {
    const variants = corpusVariants(`parity/permuted/${name}`);

    it('has several variants to compare', () => {
      expect(variants.length).toBeGreaterThan(1);
    });

    it.each(variants)('writes the shared canonical ISON from %s', (variant) => {
      const blocks = decode(corpusFile(`parity/permuted/${name}/${variant}`));
      expect(encodeBlocks(blocks, { canonical: true })).toBe(
        corpusFile(`parity/permuted/${name}/canonical.expected`),
      );
    });

    it.each(variants)('writes the shared canonical ISONL from %s', (variant) => {
      const blocks = decode(corpusFile(`parity/permuted/${name}/${variant}`));
      expect(encodeBlocksIsonl(blocks, { canonical: true })).toBe(
        corpusFile(`parity/permuted/${name}/canonical_isonl.expected`),
      );
    });
  });
});

describe('built corpus: documents built in code, written or refused', () => {
  const modes = [
    [
      'canonical',
      (blocks: readonly IsonBlockInput[]) => encodeBlocks(blocks, { canonical: true, fieldNames: 'strict' }),
    ],
    [
      'canonical_isonl',
      (blocks: readonly IsonBlockInput[]) =>
        encodeBlocksIsonl(blocks, { canonical: true, fieldNames: 'strict' }),
    ],
  ] as const;

  describe.each(builtCases)('%s', (name) => {
    const blocks = builtBlocks(`parity/built/${name}.build.json`);

    it.each(modes)('matches the %s verdict', (mode, write) => {
      const expectedPath = `parity/built/${name}.${mode}.expected`;
      const errorPath = `parity/built/${name}.${mode}.expect-error`;
      expect(corpusFileExists(expectedPath)).not.toBe(corpusFileExists(errorPath));
      if (corpusFileExists(expectedPath)) {
        expect(write(blocks)).toBe(corpusFile(expectedPath));
      } else {
        expect(() => write(blocks)).toThrow(
          expect.objectContaining({ constructor: IsonEncodeError, code: corpusFile(errorPath).trim() }),
        );
      }
    });
  });
});

describe('golden fixture: field sort across implementations', () => {
  it('writes the canonical document byte for byte, leaving out the empty table', () => {
    const blocks = builtBlocks('golden_fixture_field_sort.json');
    expect(encodeBlocks(blocks, { canonical: true, fieldNames: 'strict' })).toBe(
      corpusFile('golden_fixture_field_sort.expected.ison'),
    );
  });
});
