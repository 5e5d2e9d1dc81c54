import { writeIsonBlock } from './block-encoder.js';
import { type BlockPlan, fieldsFromKeys, planBlock, planField } from './block-plan.js';
import type { EncodeStreamOptions } from './encode-options.js';
import { IsonEncodeError } from './ison-errors.js';
import { assertIsonlEnvelope, isonlLinePrefix } from './isonl-encoder.js';
import { surveyRows } from './row-survey.js';
import { writeRow } from './row-writer.js';
import type { TextForm } from './string-quoting.js';
import type { IsonRecordInput } from './value-types.js';

const DEFAULT_HEADER_SAMPLE_SIZE = 1000;
const DEFAULT_CHUNK_SIZE = 65_536;

/**
 * Encodes rows as they arrive, yielding text chunks of about `chunkSize`
 * characters, so memory holds one chunk and the header sample, never the
 * whole text. The chunks joined are the document.
 *
 * The header is written once, from the first `headerSampleSize` rows: when
 * the rows end within the sample the output equals `encode()`'s. Past it, a
 * column whose sampled values were all null is declared `:json` (it may yet
 * hold a nested value), and a row with a key outside the header, or a nested
 * value in a column without `:json`, fails with `ROW_DOES_NOT_FIT_HEADER`.
 */
export async function* encodeStream(
  rows: AsyncIterable<IsonRecordInput> | Iterable<IsonRecordInput>,
  options: EncodeStreamOptions,
): AsyncGenerator<string, void, undefined> {
  const form: TextForm = options.format ?? 'ison';
  const sampleSize = Math.max(1, options.headerSampleSize ?? DEFAULT_HEADER_SAMPLE_SIZE);
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const source = eachRow(rows);

  const sample: IsonRecordInput[] = [];
  let sampleIsEverything = false;
  while (sample.length < sampleSize) {
    const next = await source.next();
    if (next.done) {
      sampleIsEverything = true;
      break;
    }
    sample.push(next.value);
  }

  const plan = planStreamBlock(options, sample, sampleIsEverything);
  const header = new Set(plan.keys);
  // ISON has no row lines without fields (the header alone is the empty block).
  const writesRows = form === 'isonl' || plan.fields.length > 0;
  const rowPrefix = form === 'ison' ? '' : isonlLinePrefix(plan);
  let chunk = form === 'ison' ? writeIsonBlock({ ...plan, rows: [] }, []) : '';
  let linesWritten = form === 'ison' ? 1 : 0;

  // Lines are separated, not terminated, by '\n'; a chunk after the first
  // starts with the newline that ends the previous chunk's last line.
  const append = (row: IsonRecordInput): string | undefined => {
    if (!writesRows) return undefined;
    const line = rowPrefix + writeRow(plan, row, form);
    chunk += linesWritten === 0 ? line : `\n${line}`;
    linesWritten++;
    if (chunk.length < chunkSize) return undefined;
    const full = chunk;
    chunk = '';
    return full;
  };

  for (const row of sample) {
    const full = append(row);
    if (full !== undefined) yield full;
  }
  let position = sample.length;
  for await (const row of source) {
    position++;
    assertFitsHeader(row, header, position);
    const full = append(row);
    if (full !== undefined) yield full;
  }
  if (chunk !== '') yield chunk;
}

function planStreamBlock(
  options: EncodeStreamOptions,
  sample: readonly IsonRecordInput[],
  complete: boolean,
): BlockPlan {
  const policy = options.fieldNames ?? 'map';
  const base = planBlock({ kind: 'table', name: options.name, rows: [] }, policy);
  const survey = surveyRows(sample);
  const fields = fieldsFromKeys(survey.keys, policy).map((source, index) =>
    planField(source, sample, {
      unseenIsJson: !complete,
      mayHoldObjects: survey.objectKeys.has(survey.keys[index]!),
    }),
  );
  const plan: BlockPlan = { ...base, fields, keys: survey.keys };
  if ((options.format ?? 'ison') === 'isonl') assertIsonlEnvelope(plan);
  return plan;
}

function assertFitsHeader(row: IsonRecordInput, header: ReadonlySet<string>, position: number): void {
  for (const key of Object.keys(row)) {
    if (!header.has(key)) {
      throw new IsonEncodeError(
        'ROW_DOES_NOT_FIT_HEADER',
        `Row ${position} has the key '${key}', which the rows read before the header was written did not have.`,
      );
    }
  }
}

async function* eachRow(
  rows: AsyncIterable<IsonRecordInput> | Iterable<IsonRecordInput>,
): AsyncGenerator<IsonRecordInput, void, undefined> {
  yield* rows;
}
