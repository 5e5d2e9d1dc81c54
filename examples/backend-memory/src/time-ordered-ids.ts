/**
 * Makes ids that sort (by code point, as `id` tie-breaks do) in creation order:
 * 12 hex digits of milliseconds, then a per-millisecond sequence. A clock that
 * steps back is ignored, so order holds even then.
 */
export function createTimeOrderedIds(now: () => number = Date.now): () => string {
  let lastTime = 0;
  let sequence = 0;
  return () => {
    const time = Math.max(now(), lastTime);
    sequence = time === lastTime ? sequence + 1 : 0;
    lastTime = time;
    return `${time.toString(16).padStart(12, '0')}-${sequence.toString(16).padStart(8, '0')}`;
  };
}
