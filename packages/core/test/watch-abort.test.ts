import { describe, expect, it } from 'vitest';
import { ABORT_WATCH_GRACE_MS, watchAbort } from '../src/watch-abort.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchAbort', () => {
  it('runs the handler at once for a signal already aborted', () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;

    watchAbort(controller.signal, () => calls++);

    expect(calls).toBe(1);
  });

  it('runs the handler once for an abort during the grace period and after it', async () => {
    for (const waitBeforeAbort of [0, ABORT_WATCH_GRACE_MS * 5]) {
      const controller = new AbortController();
      let calls = 0;
      watchAbort(controller.signal, () => calls++);
      await sleep(waitBeforeAbort);

      controller.abort();
      await sleep(ABORT_WATCH_GRACE_MS * 5);

      expect(calls).toBe(1);
    }
  });

  it('never runs the handler once disposed, before or after the grace period', async () => {
    for (const waitBeforeDispose of [0, ABORT_WATCH_GRACE_MS * 5]) {
      const controller = new AbortController();
      let calls = 0;
      const dispose = watchAbort(controller.signal, () => calls++);
      await sleep(waitBeforeDispose);

      dispose();
      controller.abort();
      await sleep(ABORT_WATCH_GRACE_MS * 5);

      expect(calls).toBe(0);
    }
  });
});
