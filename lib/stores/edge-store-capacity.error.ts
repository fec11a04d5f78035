import { ApiError } from '../errors/api-error.js';
import { builtInCatalogue } from '../errors/catalogue.js';
import type { EdgeStoreKind } from './edge-store.js';

/**
 * A store refused a new key because the space for its kind is full: a `MemoryEdgeStore` whose
 * record space (`maxRecords`) holds only live records, or a Redis at `maxmemory` (an `OOM` reply).
 * Nothing was stored, so the caller must not go on as if it had been: a nonce or an idempotency
 * lock that was not written protects nothing.
 *
 * It is a catalogued error (`store_unavailable`, a retryable 503 with `Retry-After`), so a guard or
 * interceptor can let it propagate and the exception filter answers in the app's envelope, with the
 * app's code for that key. The client is told only to retry; `cause` (logged by the filter, never
 * sent) says which space is full and how to size it. `ResilientEdgeStore` rethrows it unchanged
 * under both policies: a full store is an answer, not an outage, so failing open must not skip it.
 *
 * @example
 * ```ts
 * try {
 *   await store.setIfAbsent(`sig:${keyId}:n:${nonce}`, '1', toleranceMs);
 * } catch (error) {
 *   if (error instanceof EdgeStoreCapacityError) metrics.increment('edge.store.full', { kind: error.kind });
 *   throw error;
 * }
 * ```
 */
export class EdgeStoreCapacityError extends ApiError {
  /**
   * @param kind the kind of the key that was refused.
   * @param capacity the size of that space in keys, when the store counts keys (memory), else `undefined`.
   * @param cause what the store reported (for Redis, its `OOM` reply), kept for the log.
   */
  constructor(
    readonly kind: EdgeStoreKind,
    readonly capacity: number | undefined,
    cause?: unknown,
  ) {
    super(builtInCatalogue.get('store_unavailable'), { cause: cause ?? capacityCause(kind, capacity) });
    this.name = 'EdgeStoreCapacityError';
  }
}

/** The operator's explanation, as the filter logs it for the 503. */
function capacityCause(kind: EdgeStoreKind, capacity: number | undefined): Error {
  const option = kind === 'record' ? 'maxRecords' : 'maxEntries';
  return new Error(
    `Cannot store a new ${kind} because the store's ${kind} space is full (${option}: ${String(capacity)}) and none of them has expired yet; ${kind === 'record' ? 'records (nonces, idempotency records) are never evicted early, so the request was refused' : 'the request was refused'}. Fix: raise ${option}, or shorten the TTLs that fill it.`,
  );
}
