import { detachedFromCall } from './call-signal.js';

/**
 * One promise per (owner, key), so concurrent callers share one piece of work
 * (run outside any one caller's signal).
 * A rejected promise is dropped, so the next caller tries again rather than
 * inheriting a transient failure forever. Owners are held weakly: when the
 * connection manager drops an engine, its entries go with it.
 */
export class PromiseCache<Owner extends object, Value> {
  private readonly entries = new WeakMap<Owner, Map<string, Promise<Value>>>();

  peek(owner: Owner, key: string): Promise<Value> | undefined {
    return this.entries.get(owner)?.get(key);
  }

  put(owner: Owner, key: string, promise: Promise<Value>): Promise<Value> {
    let byKey = this.entries.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.entries.set(owner, byKey);
    }
    byKey.set(key, promise);
    const entries = byKey;
    promise.catch(() => {
      if (entries.get(key) === promise) entries.delete(key);
    });
    return promise;
  }

  get(owner: Owner, key: string, create: () => Promise<Value>): Promise<Value> {
    return this.peek(owner, key) ?? this.put(owner, key, detachedFromCall(create));
  }
}
