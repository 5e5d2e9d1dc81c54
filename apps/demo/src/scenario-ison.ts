import type { Sqh, SqhRecord } from '@sqh/core';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { heading, say, show } from './say.js';

/** The same query result as JSON and as ISON, with what each costs a language model. */
export async function runIsonScenario(sqh: Sqh, rows: readonly SqhRecord[]): Promise<void> {
  heading('ISON for language models');
  const shown = rows.map(({ id: _id, ...row }) => row);
  const json = sqh.formats.format('json', shown, { name: 'lab_results' });
  const ison = sqh.formats.format('ison', shown, { name: 'lab_results' });
  const jsonTokens = countTokens(json);
  const isonTokens = countTokens(ison);
  say('The latest nitrate readings, rendered as ISON:');
  show(
    ison
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n'),
  );
  say(
    `Tokens (o200k_base): JSON ${jsonTokens}, ISON ${isonTokens} — ISON needs ${Math.round((isonTokens / jsonTokens) * 100)}% of JSON's.`,
  );
}
