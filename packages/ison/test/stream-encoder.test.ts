import { describe, expect, it } from 'vitest';
import { decode, encode, encodeIsonl, encodeStream, IsonEncodeError } from '../src/index.js';

function labRow(index: number): Record<string, unknown> {
  return {
    id: index,
    patient: `P-${index % 97}`,
    test: index % 2 === 0 ? 'HbA1c' : 'LDL cholesterol',
    value: (index % 50) + 0.5,
    collected: new Date(Date.UTC(2024, 0, 1, 0, index % 60)),
  };
}

async function* labRows(count: number): AsyncGenerator<Record<string, unknown>> {
  for (let index = 0; index < count; index++) yield labRow(index);
}

async function chunksOf(stream: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('encodeStream(rows, { name })', () => {
  it('yields chunks that join into exactly what encode() writes', async () => {
    const rows = Array.from({ length: 500 }, (_, index) => labRow(index));
    const chunks = await chunksOf(encodeStream(rows, { name: 'labs', chunkSize: 1024 }));
    expect(chunks.join('')).toBe(encode(rows, { name: 'labs' }));
  });

  it('does the same for ISONL', async () => {
    const rows = Array.from({ length: 300 }, (_, index) => labRow(index));
    const chunks = await chunksOf(encodeStream(rows, { name: 'labs', format: 'isonl', chunkSize: 1024 }));
    expect(chunks.join('')).toBe(encodeIsonl(rows, { name: 'labs' }));
  });

  it('keeps every chunk near the chunk size however many rows there are', async () => {
    const chunks = await chunksOf(encodeStream(labRows(20_000), { name: 'labs', chunkSize: 4096 }));
    const longestLine = 100;
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(4096 + longestLine);
  });

  it('yields more chunks, not bigger ones, as the rows grow', async () => {
    const small = await chunksOf(encodeStream(labRows(5_000), { name: 'labs', chunkSize: 4096 }));
    const large = await chunksOf(encodeStream(labRows(20_000), { name: 'labs', chunkSize: 4096 }));
    expect(large.length).toBeGreaterThan(3 * small.length);
    expect(Math.max(...large.map((chunk) => chunk.length))).toBeLessThan(2 * 4096);
  });

  it('yields its first chunk after reading the header sample, not the whole input', async () => {
    let read = 0;
    async function* counted(): AsyncGenerator<Record<string, unknown>> {
      for (let index = 0; index < 100_000; index++) {
        read++;
        yield labRow(index);
      }
    }
    const stream = encodeStream(counted(), { name: 'labs', headerSampleSize: 100, chunkSize: 4096 });
    for await (const _chunk of stream) break;
    expect(read).toBeLessThan(200);
  });

  it('reads back as the rows it was given', async () => {
    const chunks = await chunksOf(encodeStream(labRows(2_000), { name: 'labs', headerSampleSize: 10 }));
    const [block] = decode(chunks.join(''), { dateFields: ['collected'] });
    expect(block?.rows).toEqual(Array.from({ length: 2_000 }, (_, index) => labRow(index)));
  });

  it('writes the header alone for no rows', async () => {
    expect((await chunksOf(encodeStream([], { name: 'labs' }))).join('')).toBe('table.labs');
  });

  it('declares a column :json when the rows go past the sample and it held only nulls there', async () => {
    const rows = [
      { id: 1, meta: null },
      { id: 2, meta: null },
      { id: 3, meta: { late: true } },
    ];
    const text = (await chunksOf(encodeStream(rows, { name: 't', headerSampleSize: 2 }))).join('');
    expect(text.split('\n')[1]).toBe('id meta:json');
    expect(decode(text)[0]?.rows).toEqual(rows);
  });

  it('refuses a row with a key the header does not have', async () => {
    const rows = [{ id: 1 }, { id: 2, extra: 'x' }];
    await expect(chunksOf(encodeStream(rows, { name: 't', headerSampleSize: 1 }))).rejects.toThrow(
      expect.objectContaining({ constructor: IsonEncodeError, code: 'ROW_DOES_NOT_FIT_HEADER' }),
    );
  });

  it('refuses a nested value in a column the header wrote without :json', async () => {
    const rows = [{ tags: 'none' }, { tags: ['a'] }];
    await expect(chunksOf(encodeStream(rows, { name: 't', headerSampleSize: 1 }))).rejects.toThrow(
      expect.objectContaining({ code: 'ROW_DOES_NOT_FIT_HEADER' }),
    );
  });

  it('maps column names as encode() does', async () => {
    const text = (await chunksOf(encodeStream([{ 'count(*)': 3, 'avg price': 1.5 }], { name: 'r' }))).join(
      '',
    );
    expect(text).toBe('table.r\ncount(*) avg_price\n3 1.5');
  });
});
