import type { EdgeStoreOperation, EdgeStoreOperationResult } from './edge-store-operations.js';

/** Reads one operation's result; throws the check's refusal when it did not pass. */
export type StoreOperationHandler = (result: EdgeStoreOperationResult) => void;

/**
 * Where the global guard's checks put their store work (`state.storeOps`): each check adds its
 * operation with a handler that turns the result into what the check does with it (announce
 * headers, throw its refusal). Two implementations, chosen once from the store:
 * `PendingStoreOperations` queues them for one round trip (Redis), `ImmediateStoreOperations`
 * runs each at once (memory, no promise). Internal; not exported from the package.
 */
export interface StoreOperationQueue {
  /** Adds `operation`; `handler` gets its result (at once, or at {@link flush}; never if an earlier one refused). */
  add(operation: EdgeStoreOperation, handler: StoreOperationHandler): void;
  /** Answers what is queued (nothing for an immediate queue); the first handler that throws ends it with its error. */
  flush(): void | Promise<void>;
}
