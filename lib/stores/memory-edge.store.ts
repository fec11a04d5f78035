// Why this file is long: one data structure with its invariants (two kinds with separate bounds,
// CLOCK eviction of counters, soonest-first expiry of records, the synchronous twins of every
// operation) that only hold when read together; the expiry heap is already its own file.
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import { EdgeStoreCapacityError } from './edge-store-capacity.error.js';
import {
  type Clock,
  type EdgeStore,
  type EdgeStoreKind,
  type EdgeStoreWriteOptions,
  type StoreCounter,
  systemClock,
} from './edge-store.js';
import { ExpiryHeap } from './expiry-heap.js';
import type { SyncEdgeStore } from './sync-edge-store.js';
import { checkBy, checkKind, checkTtl } from './store-arguments.js';

/** Options of {@link MemoryEdgeStore}. */
export interface MemoryEdgeStoreOptions {
  /**
   * The most counters (keys of kind `'counter'`) the store holds (default 100 000). When a new
   * counter would exceed it, expired counters are dropped first, else the oldest counter not in
   * recent use. Size it above the number of counters live at once (e.g. distinct API keys/IPs per
   * window × windows), or counters get evicted early, which restarts their windows.
   */
  readonly maxEntries?: number;
  /**
   * The most records (keys of kind `'record'`: nonces, idempotency locks and responses, blocks) the
   * store holds (default 100 000). Records are never evicted before they expire: when every slot
   * holds a live record, a new one is refused with an {@link EdgeStoreCapacityError} (a retryable
   * 503) and the slots come back as records expire. Size it above the records live at once, e.g.
   * signed requests per signature tolerance window + idempotent requests per retention period.
   */
  readonly maxRecords?: number;
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
  /** Which space the key lives in, fixed when it is created. */
  readonly kind: EdgeStoreKind;
}

/** What Redis accepts as an integer in a string value (INCRBY semantics). */
const INTEGER_STRING = /^-?(?:0|[1-9]\d*)$/;

/** Stale heap items tolerated beyond one per record before the heap is rebuilt. */
const HEAP_SLACK = 1_024;

/**
 * The in-memory {@link EdgeStore}: the default, correct for a single process. Behind several
 * instances each one counts alone; use {@link RedisEdgeStore} there.
 *
 * - **Two spaces, safety first.** Counters (`increment`'s default kind) and records (the default
 *   of `setIfAbsent`/`set`: nonces, idempotency records) are bounded separately, by `maxEntries`
 *   and `maxRecords`. A flood of counters can only evict other counters; a live record is never
 *   evicted, so no flood can make room for a replay or a duplicate. A full record space refuses
 *   new records with an {@link EdgeStoreCapacityError} instead.
 * - **Bounded.** Never more than `maxEntries + maxRecords` keys, whatever the number of distinct
 *   keys seen (a flood of random API keys or IPv6 addresses cannot exhaust memory).
 * - **No timers.** Expiry is checked lazily on access. Expired counters are swept only when the
 *   counter space is full, at most once per `maxEntries / 4` insertions (O(1) amortized). Expired
 *   records are reclaimed soonest-first from a heap of expiries on every new record, in O(log n)
 *   each, so a full record space frees exactly the records whose time is up, without a scan.
 * - **Keeps what is in use.** Counter eviction is second-chance (CLOCK), a cheap approximation of
 *   LRU: a counter used since eviction last looked at it is moved to the back instead of evicted,
 *   so a flood of one-off keys pushes out other one-off keys, not the counters of active clients.
 *   A hit only sets a flag; moving the key on every hit (exact LRU) made hits 9-45× slower on
 *   100k-1M-key Maps.
 * - **Atomic.** Every method reads and writes synchronously, without an `await` in between, so
 *   concurrent requests in one process can never interleave inside an operation.
 *
 * @example
 * ```ts
 * const store = new MemoryEdgeStore({ maxEntries: 50_000, maxRecords: 20_000 });
 * const { count, ttlMs } = await store.increment('rl:key_123:60s', 60_000);
 * ```
 */
export class MemoryEdgeStore implements EdgeStore, SyncEdgeStore {
  private readonly counters = new Map<string, Entry>();
  private readonly records = new Map<string, Entry>();
  /** Every record's expiry (plus stale items of records since re-timed or removed). */
  private readonly recordExpiries = new ExpiryHeap();
  private readonly maxEntries: number;
  private readonly maxRecords: number;
  private readonly clock: Clock;
  /**
   * Walks the counters in insertion order for eviction; see `evictOne`. Created on first eviction
   * and dropped when unused for `maxEntries` insertions: an idle Map iterator pins every table the
   * Map has rehashed into since its last `next()` (V8 chains them for it), so a cursor left behind
   * leaks ~100 B per counter churned.
   */
  private evictionCursor: MapIterator<string> | undefined;
  /** Counter insertions below capacity left before an unused cursor is dropped. */
  private cursorIdleInserts = 0;
  /** Insertions at capacity left before the next full sweep of expired counters. */
  private insertsUntilSweep = 0;

  constructor(options: MemoryEdgeStoreOptions = {}) {
    this.maxEntries = positiveInteger('maxEntries', options.maxEntries ?? 100_000);
    this.maxRecords = positiveInteger('maxRecords', options.maxRecords ?? 100_000);
    this.clock = options.clock ?? systemClock;
  }

  /** The number of keys held, expired ones not yet dropped included (always <= `maxEntries + maxRecords`). */
  get size(): number {
    return this.counters.size + this.records.size;
  }

  /** The number of counters held (always <= `maxEntries`). */
  get counterCount(): number {
    return this.counters.size;
  }

  /** The number of records held (always <= `maxRecords`). */
  get recordCount(): number {
    return this.records.size;
  }

  // The async methods are `async` only to honour the Promise contract: none of them awaits, so
  // each reads and writes in one synchronous step and concurrent callers cannot interleave. The
  // `…Now` twins answer without a promise, for the rate-limit check's synchronous path.

  /** @inheritDoc */
  async increment(key: string, ttlMs: number, by = 1, options?: EdgeStoreWriteOptions): Promise<StoreCounter> {
    return this.incrementNow(key, ttlMs, by, options);
  }

  /** {@link increment} without a promise (see {@link SyncEdgeStore}). */
  incrementNow(key: string, ttlMs: number, by = 1, options?: EdgeStoreWriteOptions): StoreCounter {
    const ttl = checkTtl(ttlMs);
    checkBy(by);
    const kind = checkKind(options, 'counter');
    const now = this.clock();
    const entry = this.live(key, now);
    if (entry === undefined) {
      this.insert(key, by, now + ttl, kind, now);
      return { count: by, ttlMs: ttl };
    }
    const count = (typeof entry.value === 'number' ? entry.value : parseInteger(entry.value)) + by;
    entry.value = count;
    return { count, ttlMs: entry.expiresAt - now };
  }

  /** @inheritDoc */
  async setIfAbsent(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<boolean> {
    return this.setIfAbsentNow(key, value, ttlMs, options);
  }

  /** {@link setIfAbsent} without a promise (see {@link SyncEdgeStore}). */
  setIfAbsentNow(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): boolean {
    const ttl = checkTtl(ttlMs);
    const kind = checkKind(options, 'record');
    const now = this.clock();
    if (this.live(key, now) !== undefined) return false;
    this.insert(key, value, now + ttl, kind, now);
    return true;
  }

  /** @inheritDoc */
  async get(key: string): Promise<string | undefined> {
    return this.getNow(key);
  }

  /** {@link get} without a promise (see {@link SyncEdgeStore}). */
  getNow(key: string): string | undefined {
    const entry = this.live(key, this.clock());
    // A counter reads back as Redis returns it: the decimal string.
    return entry === undefined ? undefined : String(entry.value);
  }

  /** @inheritDoc */
  async set(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<void> {
    const ttl = checkTtl(ttlMs);
    const kind = checkKind(options, 'record');
    const now = this.clock();
    const entry = this.live(key, now);
    if (entry === undefined) {
      this.insert(key, value, now + ttl, kind, now);
    } else {
      entry.value = value;
      this.retime(key, entry, now + ttl);
    }
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    // A record's heap item turns stale and is dropped when it surfaces.
    if (!this.counters.delete(key)) this.records.delete(key);
  }

  /** @inheritDoc */
  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const now = this.clock();
    const entry = this.live(key, now);
    if (entry === undefined || String(entry.value) !== expected) return false;
    entry.value = next;
    this.retime(key, entry, now + ttl);
    return true;
  }

  /** @inheritDoc */
  async renew(key: string, expected: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const now = this.clock();
    const entry = this.live(key, now);
    if (entry === undefined || String(entry.value) !== expected) return false;
    this.retime(key, entry, now + ttl);
    return true;
  }

  /** @inheritDoc */
  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    const entry = this.live(key, this.clock());
    if (entry === undefined || String(entry.value) !== expected) return false;
    (entry.kind === 'record' ? this.records : this.counters).delete(key);
    return true;
  }

  /**
   * The live entry at `key`, marked as in use; an expired entry is dropped here (lazy expiry) and
   * reads as absent.
   */
  private live(key: string, now: number): Entry | undefined {
    let space = this.counters;
    let entry = space.get(key);
    if (entry === undefined) {
      space = this.records;
      entry = space.get(key);
      if (entry === undefined) return undefined;
    }
    if (entry.expiresAt <= now) {
      space.delete(key);
      return undefined;
    }
    entry.recent = true;
    return entry;
  }

  /** Gives a live entry a new expiry; a record's expiry also goes on the heap. */
  private retime(key: string, entry: Entry, expiresAt: number): void {
    entry.expiresAt = expiresAt;
    if (entry.kind === 'record') this.pushExpiry(expiresAt, key);
  }

  /**
   * Adds a key known to be absent from both spaces. Room is made (counters) or checked (records)
   * first, so the bounds hold at every moment; a refused record changes nothing.
   */
  private insert(key: string, value: string | number, expiresAt: number, kind: EdgeStoreKind, now: number): void {
    if (kind === 'record') {
      this.reclaimRecords(now);
      if (this.records.size >= this.maxRecords) throw new EdgeStoreCapacityError('record', this.maxRecords);
      this.records.set(key, { value, expiresAt, recent: false, kind });
      this.pushExpiry(expiresAt, key);
      return;
    }
    if (this.counters.size >= this.maxEntries) this.makeRoom(now);
    else if (this.evictionCursor !== undefined && --this.cursorIdleInserts <= 0) this.evictionCursor = undefined;
    this.counters.set(key, { value, expiresAt, recent: false, kind });
  }

  private pushExpiry(expiresAt: number, key: string): void {
    this.recordExpiries.push(expiresAt, key);
    // Re-timed and removed records leave stale items behind; past the slack, rebuilding from the
    // live records costs O(n) once per at least n pushes, so the heap stays bounded at O(1) a push.
    if (this.recordExpiries.length > 2 * this.records.size + HEAP_SLACK) this.recordExpiries.rebuild(this.records);
  }

  /** Drops every record whose expiry has passed, soonest first; stale heap items go on the way. */
  private reclaimRecords(now: number): void {
    const heap = this.recordExpiries;
    while (heap.peekTime() <= now) {
      const key = heap.peekKey();
      const expiresAt = heap.peekTime();
      heap.pop();
      // Only the item matching the record's current expiry is authoritative; others are stale.
      if (this.records.get(key)?.expiresAt === expiresAt) this.records.delete(key);
    }
  }

  private makeRoom(now: number): void {
    // A full sweep is O(n); doing it at most once per maxEntries/4 insertions at capacity keeps
    // the cost per insertion constant while still preferring expired counters over live ones.
    if (this.insertsUntilSweep <= 0) {
      // forEach, unlike for..of over entries, allocates no [key, value] pair per entry.
      this.counters.forEach((entry, key, counters) => {
        if (entry.expiresAt <= now) counters.delete(key);
      });
      this.insertsUntilSweep = Math.max(1, this.maxEntries >>> 2);
    }
    this.insertsUntilSweep--;
    if (this.counters.size >= this.maxEntries) this.evictOne();
  }

  /**
   * Evicts the oldest counter not used since the cursor last passed it; used ones move to the back
   * with their flag cleared. Ends within one pass, since a pass clears every flag it meets.
   */
  private evictOne(): void {
    // A fresh `keys().next()` would be O(n) here: V8 leaves a hole per deleted entry and a new
    // iterator walks all the holes at the front. One long-lived cursor walks past each hole once;
    // every key before it was deleted or moved to the back, so it always sits at the oldest key.
    this.cursorIdleInserts = this.maxEntries;
    for (;;) {
      let next = this.evictionCursor?.next();
      if (next === undefined || next.done === true) {
        // A Map iterator that reached the end stays done; keys added since need a new one.
        this.evictionCursor = this.counters.keys();
        next = this.evictionCursor.next();
        if (next.done === true) return;
      }
      const key = next.value;
      const entry = this.counters.get(key) as Entry;
      this.counters.delete(key);
      if (!entry.recent) return;
      entry.recent = false;
      this.counters.set(key, entry);
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new OptionsConfigurationError(
      `Cannot create MemoryEdgeStore because ${name} is ${String(value)}. Fix: pass a positive integer (default 100000).`,
    );
  }
  return value;
}

function parseInteger(value: string): number {
  // Same rule as Redis INCRBY on a string value, so both stores fail on the same data.
  const n = Number(value);
  if (!INTEGER_STRING.test(value) || !Number.isSafeInteger(n)) {
    throw new Error('Cannot increment a counter because the key holds a value that is not an integer. Fix: use distinct keys for counters and values.');
  }
  return n;
}
