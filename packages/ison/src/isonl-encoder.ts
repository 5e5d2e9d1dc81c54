import type { BlockPlan } from './block-plan.js';
import { assertBlockName, assertField } from './name-rules.js';
import { blockHeader, fieldLine } from './row-writer.js';

/** Refuses names ISONL's raw `kind.name|fields|` envelope cannot carry. */
export function assertIsonlEnvelope(plan: BlockPlan): void {
  assertBlockName(plan.kind, plan.name, 'isonl');
  for (const field of plan.fields) assertField(field, 'isonl');
}

/** The prefix every ISONL line of this block starts with: `kind.name|fields|`. */
export function isonlLinePrefix(plan: BlockPlan): string {
  return `${blockHeader(plan)}|${fieldLine(plan.fields)}|`;
}

/** One ISONL line per row; a block's summary has no place in ISONL and is dropped. */
export function writeIsonlLines(plan: BlockPlan, rowLines: Iterable<string>): string[] {
  const prefix = isonlLinePrefix(plan);
  const lines: string[] = [];
  for (const values of rowLines) lines.push(prefix + values);
  return lines;
}
