import { OptionsConfigurationError } from '../errors/configuration.error.js';
import { type Clock, type EdgeStore, type StoreCounter, systemClock } from './edge-store.js';

/** Options of {@link MemoryEdgeStore}. */
export interface MemoryEdgeStoreOptions {
  /**
   * The most keys the store ever holds (default 100 000). When a new key would exceed it, expired
   * keys are dropped first, else the oldest key not in recent use. Size it above the number of keys that
   * are live at once (e.g. distinct API keys/IPs per window × windows), or counters get evicted
   * early, which resets them.
   */
  readonly maxEntries?: number;
  /** The clock expiries are measured with (default {@link systemClock}); tests inject their own. */
  readonly clock?: Clock;
}

/**
 * One stored key. A counter keeps a number so incrementing mutates it in place instead of
 * formatting and parsing a string on every hit.
 */
interface Entry {
  value: string | number;
  expiresAt: number;
  /** Read or written since eviction last passed it: earns it one more round (second chance). */
  recent: boolean;
}

/** What Redis accepts as an integer in a string value (INCRBY semantics). */
const INTEGER_STRING = /^-?(?:0|[1-9]\d*)$/;

/**
 * The in-memory {@link EdgeStore}: the default, correct for a single process. Behind several
 * instances each one counts alone; use {@link RedisEdgeStore} there.
 *
 * - **Bounded.** Never more than `maxEntries` keys, whatever the number of distinct keys seen
 *   (a flood of random API keys or IPv6 addresses cannot exhaust memory).
 * - **No timers.** Expiry is checked lazily on access; expired keys are swept only when the store
 *   is full, and at most once per `maxEntries / 4` insertions, so a sweep costs O(1) amortized.
 * - **Keeps what is in use.** Eviction is second-chance (CLOCK), a cheap approximation of LRU: a
 *   key used since eviction last looked at it is moved to the back instead of evicted, so a flood
 *   of one-off keys pushes out other one-off keys, not the counters of active clients. A hit only
 *   sets a flag; moving the key on every hit (exact LRU) made hits 9-45× slower on 100k-1M-key Maps.
 *   Eviction is O(1) amortized.
 * - **Atomic.** Every method reads and writes synchronously, without an `await` in between, so
 *   concurrent requests in one process can never interleave inside an operation.
 *
 * @example
 * ```ts
 * const store = new MemoryEdgeStore({ maxEntries: 50_000 });
 * const { count, ttlMs } = await store.increment('rl:key_123:60s', 60_000);
 * ```
 */
export class MemoryEdgeStore implements EdgeStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly clock: Clock;
  /** Walks the keys in insertion order for eviction; see `evictOne`. */
  private evictionCursor: MapIterator<string> = this.entries.keys();
  /** Insertions at capacity left before the next full sweep of expired keys. */
  private insertsUntilSweep = 0;

  constructor(options: MemoryEdgeStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new OptionsConfigurationError(
        `Cannot create MemoryEdgeStore because maxEntries is ${String(maxEntries)}. Fix: pass a positive integer (default 100000).`,
      );
    }
    this.maxEntries = maxEntries;
    this.clock = options.clock ?? systemClock;
  }

  /** The number of keys held, expired ones not yet dropped included (always <= `maxEntries`). */
  get size(): number {
    return this.entries.size;
  }

  // The methods are `async` only to honour the Promise contract: none of them awaits, so each
  // reads and writes in one synchronous step and concurrent callers cannot interleave.

  /** @inheritDoc */
  async increment(key: string, ttlMs: number, by = 1): Promise<StoreCounter> {
    const ttl = checkTtl(ttlMs);
    checkBy(by);
    const now = this.clock();
    const entry = this.live(key, now);
    if (entry === undefined) {
      this.insert(key, { value: by, expiresAt: now + ttl, recent: false }, now);
      return { count: by, ttlMs: ttl };
    }
    const count = (typeof entry.value === 'number' ? entry.value : parseInteger(entry.value)) + by;
    entry.value = count;
    return { count, ttlMs: entry.expiresAt - now };
  }

  /** @inheritDoc */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const now = this.clock();
    if (this.live(key, now) !== undefined) return false;
    this.insert(key, { value, expiresAt: now + ttl, recent: false }, now);
    return true;
  }

  /** @inheritDoc */
  async get(key: string): Promise<string | undefined> {
    const entry = this.live(key, this.clock());
    // A counter reads back as Redis returns it: the decimal string.
    return entry === undefined ? undefined : String(entry.value);
  }

  /** @inheritDoc */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const ttl = checkTtl(ttlMs);
    const now = this.clock();
    const entry = this.live(key, now);
    if (entry === undefined) {
      this.insert(key, { value, expiresAt: now + ttl, recent: false }, now);
    } else {
      entry.value = value;
      entry.expiresAt = now + ttl;
    }
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  /**
   * The live entry at `key`, marked as in use; an expired entry is dropped here (lazy expiry) and
   * reads as absent.
   */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    entry.recent = true;
    return entry;
  }

  /** Adds a key known to be absent, making room first so the bound holds at every moment. */
  private insert(key: string, entry: Entry, now: number): void {
    if (this.entries.size >= this.maxEntries) this.makeRoom(now);
    this.entries.set(key, entry);
  }

  private makeRoom(now: number): void {
    // A full sweep is O(n); doing it at most once per maxEntries/4 insertions at capacity keeps
    // the cost per insertion constant while still preferring expired keys over live ones.
    if (this.insertsUntilSweep <= 0) {
      // forEach, unlike for..of over entries, allocates no [key, value] pair per entry.
      this.entries.forEach((entry, key, entries) => {
        if (entry.expiresAt <= now) entries.delete(key);
      });
      this.insertsUntilSweep = Math.max(1, this.maxEntries >>> 2);
    }
    this.insertsUntilSweep--;
    if (this.entries.size >= this.maxEntries) this.evictOne();
  }

  /**
   * Evicts the oldest key not used since the cursor last passed it; used ones move to the back
   * with their flag cleared. Ends within one pass, since a pass clears every flag it meets.
   */
  private evictOne(): void {
    // A fresh `keys().next()` would be O(n) here: V8 leaves a hole per deleted entry and a new
    // iterator walks all the holes at the front. One long-lived cursor walks past each hole once;
    // every key before it was deleted or moved to the back, so it always sits at the oldest key.
    for (;;) {
      let next = this.evictionCursor.next();
      if (next.done === true) {
        // A Map iterator that reached the end stays done; keys added since need a new one.
        this.evictionCursor = this.entries.keys();
        next = this.evictionCursor.next();
        if (next.done === true) return;
      }
      const key = next.value;
      const entry = this.entries.get(key) as Entry;
      this.entries.delete(key);
      if (!entry.recent) return;
      entry.recent = false;
      this.entries.set(key, entry);
    }
  }
}

function checkTtl(ttlMs: number): number {
  // Whole milliseconds, rounded up, so memory and Redis (PX takes integers) report the same TTLs.
  const ttl = Math.ceil(ttlMs);
  if (!(ttl > 0) || !Number.isSafeInteger(ttl)) {
    throw new RangeError(`Cannot store a key because ttlMs is ${String(ttlMs)}. Fix: pass a positive number of milliseconds.`);
  }
  return ttl;
}

function checkBy(by: number): void {
  if (!Number.isSafeInteger(by)) {
    throw new RangeError(`Cannot increment a counter because by is ${String(by)}. Fix: pass an integer.`);
  }
}

function parseInteger(value: string): number {
  // Same rule as Redis INCRBY on a string value, so both stores fail on the same data.
  const n = Number(value);
  if (!INTEGER_STRING.test(value) || !Number.isSafeInteger(n)) {
    throw new Error('Cannot increment a counter because the key holds a value that is not an integer. Fix: use distinct keys for counters and values.');
  }
  return n;
}
