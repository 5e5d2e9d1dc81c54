import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, decodeIsonl, encode, encodeIsonl, encodeStream } from '../src/index.js';
import { recordSet } from './arbitraries.js';

const runs = { numRuns: 300 };

describe('round trip: decode(encode(rows)) gives the rows back', () => {
  it('for strings, numbers, booleans, nulls, dates and nested values in ISON', () => {
    fc.assert(
      fc.property(recordSet, ({ rows, dateFields }) => {
        const [block] = decode(encode(rows, { name: 'results' }), { dateFields });
        expect(block?.rows).toEqual(rows);
      }),
      runs,
    );
  });

  it('for the same record sets in ISONL', () => {
    fc.assert(
      fc.property(recordSet, ({ rows, dateFields }) => {
        const blocks = decodeIsonl(encodeIsonl(rows, { name: 'results' }), { dateFields });
        expect(blocks.flatMap((block) => block.rows)).toEqual(rows);
      }),
      runs,
    );
  });

  it('for the same record sets in canonical form, as the same rows in canonical order', () => {
    fc.assert(
      fc.property(recordSet, ({ rows, dateFields }) => {
        const [block] = decode(encode(rows, { name: 'results', canonical: true }), { dateFields });
        expect(block?.rows ?? []).toHaveLength(rows.length);
        expect(block?.rows ?? []).toEqual(expect.arrayContaining(rows));
      }),
      runs,
    );
  });

  it('for the same record sets streamed, chunk by chunk', async () => {
    await fc.assert(
      fc.asyncProperty(
        recordSet,
        fc.integer({ min: 1, max: 64 }),
        async ({ rows, dateFields }, chunkSize) => {
          let text = '';
          for await (const chunk of encodeStream(rows, { name: 'results', chunkSize })) text += chunk;
          const [block] = decode(text, { dateFields });
          expect(block?.rows).toEqual(rows);
        },
      ),
      { numRuns: 100 },
    );
  });
});
