import type { BlockPlan } from './block-plan.js';
import { blockHeader, fieldLine } from './row-writer.js';

/**
 * One ISON block: header, field line, rows, then `---` and the summary. A
 * block without fields is its header alone (an empty result set).
 */
export function writeIsonBlock(plan: BlockPlan, rowLines: readonly string[]): string {
  const parts = [blockHeader(plan)];
  if (plan.fields.length > 0) parts.push(fieldLine(plan.fields));
  if (plan.fields.length > 0 && rowLines.length > 0) parts.push(rowLines.join('\n'));
  if (plan.summary !== undefined) parts.push('---', plan.summary);
  return parts.join('\n');
}
