import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { EdgeStore } from '../stores/edge-store.js';
import { isSyncEdgeStore, type SyncEdgeStore } from '../stores/sync-edge-store.js';
import type { StoreOperationQueue } from '../stores/store-operation-queue.js';

/** What {@link EdgeThrottlerStorage.increment} returns (@nestjs/throttler's `ThrottlerStorageRecord`). */
export interface EdgeThrottlerRecord {
  /** Hits counted in the current window, this one included. */
  totalHits: number;
  /** Whole seconds until the window resets. */
  timeToExpire: number;
  /** Whether this hit is refused. */
  isBlocked: boolean;
  /** Whole seconds until a refused tracker may retry; 0 when not blocked. */
  timeToBlockExpire: number;
}

/**
 * @nestjs/throttler's `ThrottlerStorage` over the module's {@link EdgeStore}: limits are fixed
 * windows counted with the store's atomic `increment`, so with a `RedisEdgeStore` every instance
 * counts into the same counter and a limit of 50 admits exactly 50 requests across all of them.
 *
 * Keys are `rl:<throttler name>:<key>`. A hit over the limit is refused until the window resets;
 * with a `blockDuration` longer than the window, the first refused hit also writes a block marker
 * (`rlb:` + the same key, holding the block's end) that is read before counting.
 *
 * Provided by `ApiEdgeModule` under throttler's `getStorageToken()`, which `RateLimitGuard`
 * injects, so the storage can be swapped with an ordinary provider override.
 *
 * @example
 * ```ts
 * const record = await storage.increment('ip:203.0.113.7', 60_000, 100, 60_000, 'minute');
 * if (record.isBlocked) retryAfter = record.timeToBlockExpire;
 * ```
 */
@Injectable()
export class EdgeThrottlerStorage implements ThrottlerStorage {
  /** The store when it answers synchronously (memory), else `null`: see {@link incrementNow}. */
  private readonly syncStore: SyncEdgeStore | null;

  constructor(
    @Inject(EdgeStore) private readonly store: EdgeStore,
    @Inject(ApiEdgeOptions) private readonly options: ApiEdgeOptions,
  ) {
    this.syncStore = isSyncEdgeStore(store) ? store : null;
  }

  /** Whether {@link incrementNow} is available (the store is synchronous, e.g. `MemoryEdgeStore`). */
  get synchronous(): boolean {
    return this.syncStore !== null;
  }

  /**
   * {@link increment} without a promise, over a synchronous store (check {@link synchronous}
   * first). Same keys, same records, same throws.
   */
  incrementNow(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): EdgeThrottlerRecord {
    const store = this.syncStore;
    if (store === null) throw new Error('Cannot count synchronously because the store is asynchronous. Fix: call increment().');
    if (blockDuration > ttl) {
      const blockKey = `rlb:${throttlerName}:${key}`;
      const until = store.getNow(blockKey);
      if (until !== undefined) {
        const left = Number(until) - this.options.clock();
        if (left > 0) return blockedFor(left, limit);
      }
      const { count, ttlMs } = store.incrementNow(`rl:${throttlerName}:${key}`, ttl);
      if (count <= limit) return counted(count, ttlMs, limit);
      store.setIfAbsentNow(blockKey, String(this.options.clock() + blockDuration), blockDuration);
      return { totalHits: count, timeToExpire: toSeconds(ttlMs), isBlocked: true, timeToBlockExpire: toSeconds(blockDuration) };
    }
    const { count, ttlMs } = store.incrementNow(`rl:${throttlerName}:${key}`, ttl);
    return counted(count, ttlMs, limit);
  }

  /**
   * {@link increment} as queued store operations of the request (one round trip for all of them,
   * see `StoreOperationQueue`): `onRecord` gets the record at the flush, unless an earlier
   * operation refused. Same keys, same records.
   */
  queue(
    operations: StoreOperationQueue,
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    onRecord: (record: EdgeThrottlerRecord) => void,
  ): void {
    const counterKey = `rl:${throttlerName}:${key}`;
    if (blockDuration <= ttl) {
      operations.add({ type: 'increment', key: counterKey, ttlMs: ttl, limit }, (r) => onRecord(counted(r.count, r.ttlMs, limit)));
      return;
    }
    const blockKey = `rlb:${throttlerName}:${key}`;
    const now = this.options.clock();
    operations.add({ type: 'unblocked', key: blockKey, now }, (r) => {
      if (!r.passed) onRecord(blockedFor(Number(r.value) - now, limit));
    });
    const onExceed = { key: blockKey, value: String(now + blockDuration), ttlMs: blockDuration };
    operations.add({ type: 'increment', key: counterKey, ttlMs: ttl, limit, onExceed }, (r) =>
      onRecord(r.passed ? counted(r.count, r.ttlMs, limit) : { totalHits: r.count, timeToExpire: toSeconds(r.ttlMs), isBlocked: true, timeToBlockExpire: toSeconds(blockDuration) }),
    );
  }

  /**
   * Counts one hit of `key` in the window `ttl` (ms) of throttler `throttlerName`.
   * @param blockDuration how long (ms) an over-limit tracker stays refused; up to `ttl` means
   *   until the window resets.
   */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<EdgeThrottlerRecord> {
    if (blockDuration > ttl) return this.incrementWithBlock(key, ttl, limit, blockDuration, throttlerName);
    const { count, ttlMs } = await this.store.increment(`rl:${throttlerName}:${key}`, ttl);
    return counted(count, ttlMs, limit);
  }

  private async incrementWithBlock(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<EdgeThrottlerRecord> {
    const blockKey = `rlb:${throttlerName}:${key}`;
    const until = await this.store.get(blockKey);
    if (until !== undefined) {
      const left = Number(until) - this.options.clock();
      // A blocked tracker is not counted: its window may reset while the block lasts.
      if (left > 0) return blockedFor(left, limit);
    }
    const { count, ttlMs } = await this.store.increment(`rl:${throttlerName}:${key}`, ttl);
    const timeToExpire = toSeconds(ttlMs);
    if (count <= limit) return counted(count, ttlMs, limit);
    // Of concurrent hits crossing the limit, the first marker wins, so the block is not extended.
    await this.store.setIfAbsent(blockKey, String(this.options.clock() + blockDuration), blockDuration);
    return { totalHits: count, timeToExpire, isBlocked: true, timeToBlockExpire: toSeconds(blockDuration) };
  }
}

/** A hit counted in its window: refused (until the window resets) when over the limit. */
function counted(count: number, ttlMs: number, limit: number): EdgeThrottlerRecord {
  const timeToExpire = toSeconds(ttlMs);
  const isBlocked = count > limit;
  return { totalHits: count, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
}

/** A tracker still under a block marker, `msLeft` before it ends: refused, not counted. */
function blockedFor(msLeft: number, limit: number): EdgeThrottlerRecord {
  const seconds = toSeconds(msLeft);
  return { totalHits: limit + 1, timeToExpire: seconds, isBlocked: true, timeToBlockExpire: seconds };
}

/** Whole seconds, rounded up and at least 1, as `Retry-After` and `t` need. */
function toSeconds(ms: number): number {
  return ms > 1000 ? Math.ceil(ms / 1000) : 1;
}
