import { createSqh, type Sqh } from '@sqh/core';
import { afterEach, describe, expect, it } from 'vitest';
import { decode, encode, isonPlugin } from '../src/index.js';

const labs = [
  { id: 1, patient: 'Ada Lovelace', test: 'HbA1c', value: 5.4, collected: new Date('2024-03-05T08:30:00Z') },
  { id: 2, patient: 'Alan Turing', test: 'LDL', value: 162, collected: new Date('2024-03-06T09:00:00Z') },
];

async function* rowsOf<T>(rows: readonly T[]): AsyncGenerator<T> {
  yield* rows;
}

describe('isonPlugin()', () => {
  let sqh: Sqh | undefined;
  afterEach(async () => {
    await sqh?.close();
    sqh = undefined;
  });

  it('registers the ison output format, which formats rows as a table block', async () => {
    sqh = await createSqh({ plugins: [isonPlugin()] });
    expect(sqh.formats.format('ison', labs, { name: 'labs' })).toBe(encode(labs, { name: 'labs' }));
  });

  it('formats text that reads back as the rows', async () => {
    sqh = await createSqh({ plugins: [isonPlugin()] });
    const text = sqh.formats.format('ison', labs, { name: 'labs' });
    expect(decode(text, { dateFields: ['collected'] })[0]?.rows).toEqual(labs);
  });

  it('names the format ison and gives it a media type', async () => {
    sqh = await createSqh({ plugins: [isonPlugin()] });
    expect(sqh.formats.get('ison')).toMatchObject({ name: 'ison', mediaType: 'text/x-ison' });
  });

  it('streams a result as chunks that join into the formatted text', async () => {
    sqh = await createSqh({ plugins: [isonPlugin()] });
    const formatter = sqh.formats.get('ison');
    let text = '';
    for await (const chunk of formatter.formatStream?.(rowsOf(labs), { name: 'labs' }) ?? []) text += chunk;
    expect(text).toBe(formatter.format(labs, { name: 'labs' }));
  });

  it('never fails on a column name', async () => {
    sqh = await createSqh({ plugins: [isonPlugin()] });
    const rows = [{ 'count(*)': 3, 'first name': 'Ada', 'a:b': 1, '#tag': 'x', '': 0 }];
    expect(sqh.formats.format('ison', rows, { name: 'report' })).toBe(
      'table.report\ncount(*) first_name a_b _tag _\n3 Ada 1 x 0',
    );
  });

  it('refuses an invalid block name with a typed error', async () => {
    sqh = await createSqh({ plugins: [isonPlugin()] });
    expect(() => sqh?.formats.format('ison', labs, { name: 'lab results' })).toThrow(
      expect.objectContaining({ code: 'INVALID_BLOCK_NAME' }),
    );
  });
});
