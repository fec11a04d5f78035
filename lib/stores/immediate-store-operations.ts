import type { EdgeStoreOperation } from './edge-store-operations.js';
import { runStoreOperationNow } from './run-store-operations.js';
import type { StoreOperationHandler, StoreOperationQueue } from './store-operation-queue.js';
import type { SyncEdgeStore } from './sync-edge-store.js';

/**
 * The {@link StoreOperationQueue} of a synchronous store (memory): every operation runs when it is
 * added and its handler is called at once, so a check refuses in the same step, exactly as if it
 * had called the store itself, and no promise is created. Holds no request state: the guard shares
 * one instance across requests.
 */
export class ImmediateStoreOperations implements StoreOperationQueue {
  constructor(private readonly store: SyncEdgeStore) {}

  add(operation: EdgeStoreOperation, handler: StoreOperationHandler): void {
    handler(runStoreOperationNow(this.store, operation));
  }

  /** Nothing is ever pending. */
  flush(): void {}
}
