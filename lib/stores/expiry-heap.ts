/**
 * A binary min-heap of (expiry, key) pairs: the soonest expiry is always on top, so a store can
 * reclaim its expired keys in O(log n) each, without scanning the live ones.
 *
 * Items are never updated or removed in place: a key whose expiry changes is pushed again, and the
 * stale item is recognised and dropped when it surfaces (its expiry no longer matches the key's).
 * The owner bounds the stale items with {@link ExpiryHeap.rebuild}.
 *
 * Two parallel arrays instead of an object per item, so a push allocates nothing (amortized).
 * Internal to the stores; not exported from the package.
 */
export class ExpiryHeap {
  private readonly times: number[] = [];
  private readonly keys: string[] = [];

  /** The number of items, stale ones included. */
  get length(): number {
    return this.times.length;
  }

  /** The soonest expiry, or `Infinity` when empty. */
  peekTime(): number {
    return this.times.length === 0 ? Infinity : (this.times[0] as number);
  }

  /** The key of the soonest expiry (call only when not empty). */
  peekKey(): string {
    return this.keys[0] as string;
  }

  /** Adds an item. */
  push(expiresAt: number, key: string): void {
    const times = this.times;
    const keys = this.keys;
    let i = times.length;
    times.push(expiresAt);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      const parentTime = times[parent] as number;
      if (parentTime <= expiresAt) break;
      times[i] = parentTime;
      keys[i] = keys[parent] as string;
      i = parent;
    }
    times[i] = expiresAt;
    keys[i] = key;
  }

  /** Removes the top item (call only when not empty). */
  pop(): void {
    const lastTime = this.times.pop() as number;
    const lastKey = this.keys.pop() as string;
    if (this.times.length === 0) return;
    this.times[0] = lastTime;
    this.keys[0] = lastKey;
    this.siftDown(0);
  }

  /** Replaces every item with `items` (the live keys), dropping the stale ones, in O(n). */
  rebuild(items: ReadonlyMap<string, { readonly expiresAt: number }>): void {
    this.times.length = 0;
    this.keys.length = 0;
    items.forEach((entry, key) => {
      this.times.push(entry.expiresAt);
      this.keys.push(key);
    });
    for (let i = (this.times.length >>> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(start: number): void {
    const times = this.times;
    const keys = this.keys;
    const n = times.length;
    const time = times[start] as number;
    const key = keys[start] as string;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (times[right] as number) < (times[left] as number) ? right : left;
      if ((times[child] as number) >= time) break;
      times[i] = times[child] as number;
      keys[i] = keys[child] as string;
      i = child;
    }
    times[i] = time;
    keys[i] = key;
  }
}
