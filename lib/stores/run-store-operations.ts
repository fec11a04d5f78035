import type { EdgeStore } from './edge-store.js';
import type { EdgeStoreOperation, EdgeStoreOperationResult } from './edge-store-operations.js';

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
    case 'unblocked': {
      const value = await store.get(operation.key);
      return isBlocking(value, operation.now) ? { passed: false, count: 0, ttlMs: 0, value } : PASSED;
    }
    case 'setIfAbsent':
      return (await store.setIfAbsent(operation.key, operation.value, operation.ttlMs)) ? PASSED : REFUSED;
    case 'increment': {
      const { count, ttlMs } = await store.increment(operation.key, operation.ttlMs);
      const passed = operation.limit === undefined || count <= operation.limit;
      const exceed = operation.onExceed;
      if (!passed && exceed !== undefined) await store.setIfAbsent(exceed.key, exceed.value, exceed.ttlMs);
      return { passed, count, ttlMs, value: undefined };
    }
  }
}

/** Whether a stored block end is still in force at `now` (a value that is not a number never blocks). */
export function isBlocking(value: string | undefined, now: number): value is string {
  return value !== undefined && Number(value) > now;
}

/** The permissive answer to each operation (every one passes), for a store that fails open. */
export function permissiveResults(operations: readonly EdgeStoreOperation[]): EdgeStoreOperationResult[] {
  return operations.map((operation) => (operation.type === 'increment' ? { passed: true, count: 0, ttlMs: operation.ttlMs, value: undefined } : PASSED));
}
