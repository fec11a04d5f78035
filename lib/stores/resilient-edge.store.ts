import { Logger, type LoggerService } from '@nestjs/common';
import { apiError } from '../errors/catalogue.js';
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import { EdgeStoreCapacityError } from './edge-store-capacity.error.js';
import type { EdgeStore, EdgeStoreWriteOptions, StoreCounter } from './edge-store.js';
import type { EdgeStoreOperation, EdgeStoreOperationResult } from './edge-store-operations.js';
import { permissiveResults, runStoreOperations } from './run-store-operations.js';

/**
 * What a {@link ResilientEdgeStore} does when the store fails or is too slow:
 * - `'open'`: log a warning and answer permissively, so the API keeps serving without limits,
 *   quotas, replay or idempotency protection until the store is back;
 * - `'closed'`: reject with the catalogued `store_unavailable` error (503), so nothing passes
 *   unchecked.
 */
export type EdgeStoreFailurePolicy = 'open' | 'closed';

/** Options of {@link ResilientEdgeStore}. */
export interface ResilientEdgeStoreOptions {
  /** The failure policy; required, because neither answer is right for every API. */
  readonly onFailure: EdgeStoreFailurePolicy;
  /** The longest a call may take before it counts as failed (default 200 ms). */
  readonly timeoutMs?: number;
  /** Where `'open'` failures are reported (default: a Nest `Logger` named `ResilientEdgeStore`). */
  readonly logger?: Pick<LoggerService, 'warn'>;
}

/** While failures go on, one warning per this interval; the rest are counted into the next one. */
const WARN_INTERVAL_MS = 10_000;

/**
 * Wraps another {@link EdgeStore} so a failing or hanging store can never hang a request: every
 * call is bounded by `timeoutMs`, and any failure (timeout, connection error, Redis error) is
 * handled by the explicit `onFailure` policy.
 *
 * Answers under `'open'`: `increment` → `{ count: 0, ttlMs }` (allowed), `setIfAbsent` → `true`,
 * `batch` → every operation passed,
 * `get` → `undefined`, `set`/`delete` → resolve, `compareAndSet`/`renew`/`compareAndDelete` →
 * `true` (the holder carries on as if its lock held). Warnings name the operation and the key's
 * namespace (`rl:`, `nonce:` …) only, never the rest of the key or a value, and are rate-limited
 * to one per 10 s while an outage lasts. Under `'closed'` the 503 error carries the failure as its
 * `cause` (logged by the filter, never sent).
 *
 * A `RangeError` (a caller passing e.g. `ttlMs: 0`) is a bug, not an outage, and an
 * {@link EdgeStoreCapacityError} (the store is full) is an answer, not an outage: both are
 * rethrown unchanged under both policies. Failing open on a full store would accept a nonce or an
 * idempotency lock that was never stored.
 *
 * With ioredis, also configure the client: by default it queues commands while disconnected
 * (`enableOfflineQueue`) and retries each up to 20 times (`maxRetriesPerRequest`). The timeout
 * here frees the request either way, but the queued commands stay in memory until ioredis gives
 * up, so set `maxRetriesPerRequest` low (e.g. 1), and `enableOfflineQueue: false` if commands
 * should fail at once rather than wait for a reconnect.
 *
 * @example
 * ```ts
 * const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
 * const store = new ResilientEdgeStore(new RedisEdgeStore(redis), {
 *   onFailure: 'closed',
 *   timeoutMs: 150,
 * });
 * ```
 */
export class ResilientEdgeStore implements EdgeStore {
  private readonly onFailure: EdgeStoreFailurePolicy;
  private readonly timeoutMs: number;
  private readonly logger: Pick<LoggerService, 'warn'>;
  private lastWarnAt = -Infinity;
  private suppressedWarnings = 0;

  /** @param store the store to protect, usually a {@link RedisEdgeStore}. */
  constructor(
    private readonly store: EdgeStore,
    options: ResilientEdgeStoreOptions,
  ) {
    const onFailure = (options as Partial<ResilientEdgeStoreOptions> | undefined)?.onFailure;
    if (onFailure !== 'open' && onFailure !== 'closed') {
      throw new OptionsConfigurationError(
        `Cannot create ResilientEdgeStore because onFailure is ${JSON.stringify(onFailure)}. Fix: pass onFailure: 'open' (serve unchecked while the store is down) or 'closed' (answer 503).`,
      );
    }
    const timeoutMs = options.timeoutMs ?? 200;
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new OptionsConfigurationError(
        `Cannot create ResilientEdgeStore because timeoutMs is ${String(timeoutMs)}. Fix: pass a positive number of milliseconds (default 200).`,
      );
    }
    this.onFailure = onFailure;
    this.timeoutMs = timeoutMs;
    this.logger = options.logger ?? new Logger(ResilientEdgeStore.name);
  }

  /** @inheritDoc */
  increment(key: string, ttlMs: number, by?: number, options?: EdgeStoreWriteOptions): Promise<StoreCounter> {
    return this.guard(() => this.store.increment(key, ttlMs, by, options), 'increment', key, () => ({ count: 0, ttlMs }));
  }

  /** @inheritDoc */
  setIfAbsent(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<boolean> {
    return this.guard(() => this.store.setIfAbsent(key, value, ttlMs, options), 'setIfAbsent', key, () => true);
  }

  /** @inheritDoc */
  get(key: string): Promise<string | undefined> {
    return this.guard(() => this.store.get(key), 'get', key, () => undefined);
  }

  /** @inheritDoc */
  set(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<void> {
    return this.guard(() => this.store.set(key, value, ttlMs, options), 'set', key, () => undefined);
  }

  /** @inheritDoc */
  delete(key: string): Promise<void> {
    return this.guard(() => this.store.delete(key), 'delete', key, () => undefined);
  }

  /** @inheritDoc */
  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    return this.guard(() => this.store.compareAndSet(key, expected, next, ttlMs), 'compareAndSet', key, () => true);
  }

  /** @inheritDoc */
  renew(key: string, expected: string, ttlMs: number): Promise<boolean> {
    return this.guard(() => this.store.renew(key, expected, ttlMs), 'renew', key, () => true);
  }

  /** @inheritDoc */
  compareAndDelete(key: string, expected: string): Promise<boolean> {
    return this.guard(() => this.store.compareAndDelete(key, expected), 'compareAndDelete', key, () => true);
  }

  /**
   * @inheritDoc
   * The whole batch is one call under one timeout (the wrapped store's `batch`, else one call per
   * operation); failing open, every operation passes.
   */
  batch(operations: readonly EdgeStoreOperation[]): Promise<EdgeStoreOperationResult[]> {
    const store = this.store;
    const run = store.batch === undefined ? () => runStoreOperations(store, operations) : () => (store.batch as NonNullable<EdgeStore['batch']>).call(store, operations);
    return this.guard(run, 'batch', operations[0]?.key ?? '', () => permissiveResults(operations));
  }

  /** Settles with the call's result, or applies the policy if it fails or outlasts the timeout. */
  private guard<T>(call: () => Promise<T>, operation: string, key: string, permissive: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (cause: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (cause instanceof RangeError || cause instanceof EdgeStoreCapacityError) reject(cause);
        else if (this.onFailure === 'closed') reject(apiError('store_unavailable', { cause }));
        else {
          this.warn(operation, key, cause);
          resolve(permissive());
        }
      };
      // One timer per call is cheap in Node: timers of equal duration share one list and one
      // native handle. It is cleared as soon as the call settles, and unref'd so a pending call
      // never keeps the process alive.
      const timer = setTimeout(() => fail(this.timeoutError()), this.timeoutMs);
      timer.unref();
      let pending: Promise<T>;
      try {
        pending = call();
      } catch (error) {
        // A custom store that throws instead of rejecting gets the same policy.
        fail(error);
        return;
      }
      // Both handlers are attached at once, so a store that rejects after the timeout has fired
      // never produces an unhandled rejection.
      pending.then((value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      }, fail);
    });
  }

  /** Built only when a call times out: capturing a stack on every call would cost on the hot path. */
  private timeoutError(): Error {
    const error = new Error(`Edge store call timed out after ${this.timeoutMs} ms`);
    error.name = 'TimeoutError';
    return error;
  }

  private warn(operation: string, key: string, cause: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_INTERVAL_MS) {
      this.suppressedWarnings++;
      return;
    }
    // Only the namespace: the rest of a key may hold an API key id, a nonce or an idempotency key.
    const colon = key.indexOf(':');
    const namespace = colon < 0 ? '' : ` on "${key.slice(0, colon + 1)}…"`;
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : 'unknown failure';
    const suppressed =
      this.suppressedWarnings > 0 ? ` (${this.suppressedWarnings} more failures in the last ${Math.round((now - this.lastWarnAt) / 1000)} s)` : '';
    this.logger.warn(`Edge store ${operation}${namespace} failed (${reason}); failing open${suppressed}.`);
    this.lastWarnAt = now;
    this.suppressedWarnings = 0;
  }
}
