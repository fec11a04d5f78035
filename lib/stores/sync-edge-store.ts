import type { EdgeStore, EdgeStoreWriteOptions, StoreCounter } from './edge-store.js';

/**
 * The synchronous twins of three {@link EdgeStore} methods, for a store that answers in-process
 * (`MemoryEdgeStore`). Internal, not exported from the package: the rate-limit check detects it
 * structurally ({@link isSyncEdgeStore}) and then counts without creating a promise per window,
 * so a request that needs no other I/O stays synchronous end to end.
 *
 * Each method must behave exactly like its async counterpart (same results, same throws).
 *
 * @example
 * ```ts
 * if (isSyncEdgeStore(store)) count = store.incrementNow('rl:second:ip:1', 1000).count;
 * ```
 */
export interface SyncEdgeStore {
  /** {@link EdgeStore.increment}, answered at once. */
  incrementNow(key: string, ttlMs: number, by?: number, options?: EdgeStoreWriteOptions): StoreCounter;
  /** {@link EdgeStore.setIfAbsent}, answered at once. */
  setIfAbsentNow(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): boolean;
  /** {@link EdgeStore.get}, answered at once. */
  getNow(key: string): string | undefined;
}

/** Whether `store` also offers the {@link SyncEdgeStore} methods (checked once, at start-up). */
export function isSyncEdgeStore(store: EdgeStore): store is EdgeStore & SyncEdgeStore {
  const candidate = store as Partial<SyncEdgeStore>;
  return (
    typeof candidate.incrementNow === 'function' &&
    typeof candidate.setIfAbsentNow === 'function' &&
    typeof candidate.getNow === 'function'
  );
}
