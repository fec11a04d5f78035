import type { EdgeStoreOperation, EdgeStoreOperationResult } from './edge-store-operations.js';

/**
 * The one small async contract behind all state this module keeps: rate counters, quota counters,
 * signature nonces and idempotency records. Two implementations ship (memory, Redis) and both pass
 * the same contract suite (`test/unit/stores/edge-store.contract.ts`).
 *
 * Keys are opaque strings chosen by the caller (each feature namespaces its own: `rl:`, `q:`,
 * `nonce:`, `idem:`); implementations may add their own prefix. Values are strings, so callers
 * serialize records themselves. All durations are milliseconds.
 *
 * Keys come in two kinds ({@link EdgeStoreKind}): evictable counters and must-keep records. A store
 * with bounded memory may evict counters but never a live record; it refuses a new record instead.
 *
 * The contract and its injection token share one name, as `ThrottlerStorage` does.
 *
 * @example
 * ```ts
 * constructor(@Inject(EdgeStore) private readonly store: EdgeStore) {}
 * const { count, ttlMs } = await this.store.increment(`q:${accountId}:2026-11`, msUntilReset);
 * ```
 */
export interface EdgeStore {
  /**
   * Atomically adds `by` (default 1) to the counter at `key`. When the key is absent or expired it
   * starts at 0 with a fresh expiry of `ttlMs`; an existing key keeps its expiry (fixed window).
   * A new key is a `'counter'` unless `options.kind` says otherwise (see {@link EdgeStoreKind}).
   * @returns the counter after the increment and the milliseconds left until it expires.
   * @throws {EdgeStoreCapacityError} when a new key's space is full (never for an existing key).
   */
  increment(key: string, ttlMs: number, by?: number, options?: EdgeStoreWriteOptions): Promise<StoreCounter>;

  /**
   * Stores `value` at `key` with an expiry only if the key is absent (or expired). Atomic: of two
   * concurrent callers exactly one gets `true`. Used for locks and replay nonces. A new key is a
   * `'record'` unless `options.kind` says otherwise.
   * @throws {EdgeStoreCapacityError} when the record space is full: the value was not stored, so
   * the caller must refuse the request rather than proceed as if it had been.
   */
  setIfAbsent(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<boolean>;

  /** The value at `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined>;

  /**
   * Stores `value` at `key`, replacing any previous value, with a fresh expiry of `ttlMs`. A new key
   * is a `'record'` unless `options.kind` says otherwise; an existing key keeps its kind.
   * @throws {EdgeStoreCapacityError} when a new key's space is full (never for an existing key).
   */
  set(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<void>;

  /** Removes `key`; removing an absent key is not an error. */
  delete(key: string): Promise<void>;

  /**
   * Fencing: atomically replaces the value at `key` with `next` and a fresh expiry of `ttlMs`, only
   * if the key is live and holds exactly `expected`. The key keeps its kind.
   * @returns `true` when replaced; `false` when the key is absent, expired or holds anything else.
   * @example
   * ```ts
   * // Complete an idempotent request only if our lock was not lost (expired, taken over).
   * const mine = await store.compareAndSet(`idem:${id}`, lockToken, completedRecord, retentionMs);
   * ```
   */
  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean>;

  /**
   * Fencing: atomically gives `key` a fresh expiry of `ttlMs` (value unchanged), only if it is live
   * and holds exactly `expected`. Lets a lock holder extend its lock while its work runs.
   * @returns `true` when renewed; `false` when the key is absent, expired or holds anything else.
   */
  renew(key: string, expected: string, ttlMs: number): Promise<boolean>;

  /**
   * Fencing: atomically removes `key` only if it is live and holds exactly `expected`, so a holder
   * releasing its lock never removes a lock another caller took since.
   * @returns `true` when removed; `false` when the key is absent, expired or holds anything else.
   */
  compareAndDelete(key: string, expected: string): Promise<boolean>;

  /**
   * Optional: runs a request's store operations (brute-force block, signature nonce, quotas, rate
   * windows) in order in one round trip, stopping after the first that does not pass. The global
   * guard queues them while its checks run and sends them once; a store without `batch` gets the
   * same operations one call each. Must behave exactly like `runStoreOperations(this, operations)`
   * (the contract suite holds both to it), atomically or not: each operation is atomic on its own.
   * `RedisEdgeStore` answers with one Lua script (one call each on a Cluster, whose slots a single
   * script cannot span).
   * @returns one result per operation run: all, or up to and including the first that did not pass.
   * @throws {EdgeStoreCapacityError} as the single-key methods do.
   */
  batch?(operations: readonly EdgeStoreOperation[]): Promise<EdgeStoreOperationResult[]>;
}

/**
 * What a key is to a store, chosen by the write that creates it (later writes keep it):
 * - `'counter'` (the default of `increment`): rate-limit windows and the like. A bounded store may
 *   evict a live counter to make room; the cost is a window that restarts early.
 * - `'record'` (the default of `setIfAbsent` and `set`): signature nonces, idempotency locks and
 *   responses, blocks. Never evicted before it expires, because forgetting one lets a replay or a
 *   duplicate through. When the record space is full, the write is refused with an
 *   {@link EdgeStoreCapacityError} (the catalogued retryable 503 `store_capacity_exceeded`).
 */
export type EdgeStoreKind = 'counter' | 'record';

/** Per-write options of {@link EdgeStore.increment}, {@link EdgeStore.setIfAbsent} and {@link EdgeStore.set}. */
export interface EdgeStoreWriteOptions {
  /** The kind of a key this write creates (default: `'counter'` for increment, `'record'` otherwise). */
  readonly kind?: EdgeStoreKind;
}

/** A counter as {@link EdgeStore.increment} returns it. */
export interface StoreCounter {
  /** The value after the increment. */
  readonly count: number;
  /** Milliseconds until the counter expires (always > 0 right after an increment). */
  readonly ttlMs: number;
}

/** Injection token of the active {@link EdgeStore} (a symbol sharing the contract's name). */
export const EdgeStore = Symbol('EdgeStore');

/** A clock in milliseconds since the epoch; tests inject a controllable one. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();
