import type { EdgeStore } from './edge-store.js';
import type { EdgeStoreOperation, EdgeStoreOperationResult } from './edge-store-operations.js';
import type { SyncEdgeStore } from './sync-edge-store.js';

const PASSED: EdgeStoreOperationResult = Object.freeze({ passed: true, count: 0, ttlMs: 0, value: undefined });
const REFUSED: EdgeStoreOperationResult = Object.freeze({ passed: false, count: 0, ttlMs: 0, value: undefined });

/**
 * The reference semantics of {@link EdgeStore.batch}: the operations one after another through
 * the store's single-key methods (one round trip each). Used for stores without `batch` and on a
 * Redis Cluster, where one script cannot span the slots of a request's keys.
 * @returns one result per operation run: all of them, or up to and including the first that did not pass.
 */
export async function runStoreOperations(store: EdgeStore, operations: readonly EdgeStoreOperation[]): Promise<EdgeStoreOperationResult[]> {
  const results: EdgeStoreOperationResult[] = [];
  for (const operation of operations) {
    const result = await runOne(store, operation);
    results.push(result);
    if (!result.passed) break;
  }
  return results;
}

async function runOne(store: EdgeStore, operation: EdgeStoreOperation): Promise<EdgeStoreOperationResult> {
  switch (operation.type) {
    case 'unblocked':
      return unblockedResult(await store.get(operation.key), operation.now);
    case 'setIfAbsent':
      return (await store.setIfAbsent(operation.key, operation.value, operation.ttlMs)) ? PASSED : REFUSED;
    case 'increment': {
      const { count, ttlMs } = await store.increment(operation.key, operation.ttlMs);
      const exceed = exceeded(operation, count);
      if (exceed !== undefined) await store.setIfAbsent(exceed.key, exceed.value, exceed.ttlMs);
      return { passed: passes(operation, count), count, ttlMs, value: undefined };
    }
  }
}

/**
 * One operation on a synchronous store (memory), answered at once: what the global guard does
 * there instead of queueing, so a request on memory needs no promise for its store work.
 */
export function runStoreOperationNow(store: SyncEdgeStore, operation: EdgeStoreOperation): EdgeStoreOperationResult {
  switch (operation.type) {
    case 'unblocked':
      return unblockedResult(store.getNow(operation.key), operation.now);
    case 'setIfAbsent':
      return store.setIfAbsentNow(operation.key, operation.value, operation.ttlMs) ? PASSED : REFUSED;
    case 'increment': {
      const { count, ttlMs } = store.incrementNow(operation.key, operation.ttlMs);
      const exceed = exceeded(operation, count);
      if (exceed !== undefined) store.setIfAbsentNow(exceed.key, exceed.value, exceed.ttlMs);
      return { passed: passes(operation, count), count, ttlMs, value: undefined };
    }
  }
}

type Increment = Extract<EdgeStoreOperation, { type: 'increment' }>;

function passes(operation: Increment, count: number): boolean {
  return operation.limit === undefined || count <= operation.limit;
}

/** The block marker to store: the hit exceeded the limit and the operation has one. */
function exceeded(operation: Increment, count: number): Increment['onExceed'] {
  return passes(operation, count) ? undefined : operation.onExceed;
}

function unblockedResult(value: string | undefined, now: number): EdgeStoreOperationResult {
  return isBlocking(value, now) ? { passed: false, count: 0, ttlMs: 0, value } : PASSED;
}

/** Whether a stored block end is still in force at `now` (a value that is not a number never blocks). */
export function isBlocking(value: string | undefined, now: number): value is string {
  return value !== undefined && Number(value) > now;
}

/** The permissive answer to each operation (every one passes), for a store that fails open. */
export function permissiveResults(operations: readonly EdgeStoreOperation[]): EdgeStoreOperationResult[] {
  return operations.map((operation) => (operation.type === 'increment' ? { passed: true, count: 0, ttlMs: operation.ttlMs, value: undefined } : PASSED));
}
