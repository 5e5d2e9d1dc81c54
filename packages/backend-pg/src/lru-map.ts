/**
 * A Map holding at most `capacity` entries: reading or writing an entry makes
 * it the most recently used, and adding one beyond the capacity forgets the
 * least recently used entry that `evictable` allows (an entry in use is
 * skipped; the map may then briefly hold more, never forgetting what is in use).
 */
export class LruMap<K, V> {
  readonly capacity: number;
  readonly #entries = new Map<K, V>();
  readonly #evictable: (value: V) => boolean;
  readonly #evicted: (value: V) => void;

  constructor(
    capacity: number,
    options: { evictable?: (value: V) => boolean; evicted?: (value: V) => void } = {},
  ) {
    this.capacity = capacity;
    this.#evictable = options.evictable ?? (() => true);
    this.#evicted = options.evicted ?? (() => undefined);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#evictOne(key);
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  keys(): IterableIterator<K> {
    return this.#entries.keys();
  }

  values(): IterableIterator<V> {
    return this.#entries.values();
  }

  #evictOne(newest: K): void {
    for (const [key, value] of this.#entries) {
      if (key === newest) return;
      if (this.#evictable(value)) {
        this.#entries.delete(key);
        this.#evicted(value);
        return;
      }
    }
  }
}
