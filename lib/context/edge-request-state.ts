import { nodeRequestOf } from '../http/node-request.js';
import type { Principal } from '../ports/principal.js';
import type { EdgePlan, EdgeWorkspace } from '../ports/api-edge-types.js';
import type { StoreOperationQueue } from '../stores/store-operation-queue.js';

/**
 * What the edge learns about one request, kept for the request so every check, the filter
 * and the app's code see the same values. Read it with {@link edgeState} or the parameter
 * decorators (`@RequestId()`, `@CurrentPrincipal()`, …). `workspace` and `plan` have the types the
 * app declares in {@link ApiEdgeTypes} (default `unknown`).
 */
export interface EdgeRequestState {
  /** Accepted from the request id header or generated; echoed on every response. */
  requestId?: string;
  /** The client IP from the shared resolver (cached after the first read). */
  clientIp?: string;
  /** Set by authentication. */
  principal?: Principal;
  /** Set by the workspace check: the resolved workspace/team, typed `ApiEdgeTypes['workspace']` (default unknown). */
  workspace?: EdgeWorkspace;
  /** Set by the plan check: the account's plan as the plan provider returned it, typed `ApiEdgeTypes['plan']` (default unknown). */
  plan?: EdgePlan;
  /**
   * Set by the global guard: where its checks put their store work. On a batching store (Redis)
   * a queue sent in one round trip after the checks; on a synchronous one (memory) run at once.
   * Absent outside the global guard (a check used with `@UseGuards`): checks call the store.
   */
  storeOps?: StoreOperationQueue;
}

// One table for every copy of the library in the process (found under a global symbol), so two
// copies still share a request's state. A WeakMap rather than a property on Node's request:
// adding a property to the request reshapes it and grows its property storage on every request.
const TABLE_KEY = Symbol.for('nest-api-edge.request-states');
const STATES: WeakMap<object, EdgeRequestState> = ((globalThis as { [TABLE_KEY]?: WeakMap<object, EdgeRequestState> })[TABLE_KEY] ??= new WeakMap());

/**
 * The edge state of a request (created empty on first access). Kept for the Node request under
 * the platform's (Fastify's `request.raw`), so middleware, guards and the filter share it.
 */
export function edgeState(request: object): EdgeRequestState {
  const node = nodeRequestOf(request);
  let state = STATES.get(node);
  if (state === undefined) {
    state = freshState();
    STATES.set(node, state);
  }
  return state;
}

/**
 * Every field present from the start (as `undefined`), so every request's state has one shape
 * and the checks filling it in never grow or reshape it.
 */
function freshState(): EdgeRequestState {
  return { requestId: undefined, clientIp: undefined, principal: undefined, workspace: undefined, plan: undefined, storeOps: undefined } as EdgeRequestState;
}
