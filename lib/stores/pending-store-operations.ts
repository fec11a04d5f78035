import type { EdgeStore } from './edge-store.js';
import type { EdgeStoreOperation, EdgeStoreOperationResult } from './edge-store-operations.js';
import type { StoreOperationHandler, StoreOperationQueue } from './store-operation-queue.js';

/**
 * The store operations of one request, queued while the global guard's checks run and sent in one
 * {@link EdgeStore.batch} call when they are done (or before a refusal is answered), so a signed,
 * rate-limited, quota-counted request costs one round trip to Redis instead of one per check.
 *
 * Each check adds its operation with a handler that turns the result into what the check would
 * have done with the single call's answer (announce rate-limit headers, throw its refusal). The
 * batch stops after the first operation that does not pass, so, as before, a refused request
 * spends nothing after the step that refused it. Internal; created by `ApiEdgeGuard` only when
 * the store has `batch` and answers asynchronously.
 *
 * @example
 * ```ts
 * state.storeOps.add({ type: 'setIfAbsent', key, value: '1', ttlMs }, (r) => {
 *   if (!r.passed) throw catalogue.error('signature_replayed');
 * });
 * ```
 */
export class PendingStoreOperations implements StoreOperationQueue {
  private operations: EdgeStoreOperation[] = [];
  private handlers: StoreOperationHandler[] = [];

  constructor(private readonly store: EdgeStore & Required<Pick<EdgeStore, 'batch'>>) {}

  /** Queues `operation`; `handler` gets its result at {@link flush} (not at all if an earlier one refused). */
  add(operation: EdgeStoreOperation, handler: StoreOperationHandler): void {
    this.operations.push(operation);
    this.handlers.push(handler);
  }

  /** Whether nothing is queued. */
  get empty(): boolean {
    return this.operations.length === 0;
  }

  /**
   * Sends the queued operations in one call and hands each result to its handler, in order; the
   * first handler that throws ends the flush with its error. The queue is empty afterwards.
   */
  async flush(): Promise<void> {
    const operations = this.operations;
    const handlers = this.handlers;
    if (operations.length === 0) return;
    this.operations = [];
    this.handlers = [];
    const results = await this.store.batch(operations);
    for (let i = 0; i < results.length; i++) (handlers[i] as StoreOperationHandler)(results[i] as EdgeStoreOperationResult);
    if (results.length < operations.length) {
      // A batch stops only at an operation that did not pass, and its handler must refuse.
      throw new Error(`Cannot finish the store batch because operation ${results.length - 1} did not pass and its check did not refuse. Fix: throw from the handler of an operation that did not pass.`);
    }
  }
}
