import { AsyncLocalStorage } from 'node:async_hooks';
import type { EdgeRequestState } from './edge-request-state.js';

const storage = new AsyncLocalStorage<EdgeRequestState>();

/**
 * Runs `fn` with `state` as the current request's edge state, so code without the request object
 * (a logger, a repository) can read the request id. The request id middleware does this.
 */
export function runWithEdgeState<T>(state: EdgeRequestState, fn: () => T): T {
  return storage.run(state, fn);
}

/**
 * The request id of the request being handled, or `undefined` outside a request (and always
 * `undefined` unless the module option `requestId.asyncContext` is on).
 * @example
 * ```ts
 * this.logger.log(`queued message ${id} (request ${currentRequestId()})`);
 * ```
 */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The edge state of the request being handled, or `undefined` outside a request. */
export function currentEdgeState(): EdgeRequestState | undefined {
  return storage.getStore();
}
