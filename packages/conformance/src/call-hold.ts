/** What `CallHold.arm` hands a test: when the held call arrived, and how to let it go. */
export interface HeldCall {
  /** Resolves once a call has reached the hold and is waiting there. */
  readonly reached: Promise<void>;
  readonly release: () => void;
}

/**
 * Keeps a call in flight on purpose: a model hook passes through the hold, and
 * while it is armed the call waits there until the test releases it.
 */
export class CallHold {
  #armed: { readonly arrive: () => void; readonly released: Promise<void> } | undefined;

  arm(): HeldCall {
    let arrive = () => {};
    let release = () => {};
    const reached = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#armed = { arrive, released };
    return {
      reached,
      release: () => {
        this.#armed = undefined;
        release();
      },
    };
  }

  async pass(): Promise<void> {
    const armed = this.#armed;
    if (!armed) return;
    armed.arrive();
    await armed.released;
  }
}
