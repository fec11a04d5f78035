/**
 * The one small async contract behind all state this module keeps: rate counters, quota counters,
 * signature nonces and idempotency records. Two implementations ship (memory, Redis) and both pass
 * the same contract suite (`test/unit/stores/edge-store.contract.ts`).
 *
 * Keys are opaque strings chosen by the caller (each feature namespaces its own: `rl:`, `q:`,
 * `nonce:`, `idem:`); implementations may add their own prefix. Values are strings, so callers
 * serialize records themselves. All durations are milliseconds.
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
   * @returns the counter after the increment and the milliseconds left until it expires.
   */
  increment(key: string, ttlMs: number, by?: number): Promise<StoreCounter>;

  /**
   * Stores `value` at `key` with an expiry only if the key is absent (or expired). Atomic: of two
   * concurrent callers exactly one gets `true`. Used for locks and replay nonces.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;

  /** The value at `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined>;

  /** Stores `value` at `key`, replacing any previous value, with a fresh expiry of `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;

  /** Removes `key`; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
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
