import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiEdgeOptions } from './api-edge.options.js';
import { ensureRequestId } from './context/request-id.js';
import { edgeState, type EdgeRequestState } from './context/edge-request-state.js';
import { EdgeHttp } from './http/edge-http.js';
import { checkedContextOf } from './context/execution-contexts.js';
import { BruteForceGuard } from './throttling/brute-force.guard.js';
import { RateLimitGuard } from './throttling/rate-limit.guard.js';
import { AuthenticationGuard } from './guards/authentication.guard.js';
import { IpAllowlistGuard } from './guards/ip-allowlist.guard.js';
import { MaintenanceGuard } from './guards/maintenance.guard.js';
import { PlanGuard } from './guards/plan.guard.js';
import { ScopeGuard } from './guards/scope.guard.js';
import { SignatureGuard } from './guards/signature.guard.js';
import { WorkspaceGuard } from './guards/workspace.guard.js';
import { refuseDeepBody } from './body/body-depth.check.js';
import { CHECK_ORDER, type CheckStepName } from './guards/check-order.js';
import { EdgeStore } from './stores/edge-store.js';
import { ImmediateStoreOperations } from './stores/immediate-store-operations.js';
import { PendingStoreOperations } from './stores/pending-store-operations.js';
import { isSyncEdgeStore } from './stores/sync-edge-store.js';

type Step = (context: ExecutionContext, state: EdgeRequestState) => void | Promise<void>;

/** The batched run in flight on a request's state, if any (see `runBatched`). */
const BATCHED_RUN = Symbol('nest-api-edge.batched-run');

/**
 * The one global guard: sets the request id, then runs every check in the order of
 * {@link CHECK_ORDER} (lib/guards/check-order.ts), so apps never have to get guard order right.
 *
 * Each check decides from its own options and route metadata whether it applies; an unconfigured
 * check returns at once without allocating. Registered by `ApiEdgeModule` (opt out with
 * `globalGuard: false`).
 *
 * On a store that batches and answers asynchronously (Redis), the checks queue their store
 * operations (brute-force block, nonce, quotas, rate windows) on the request's state instead of
 * awaiting each, and the guard sends them in one round trip after the last step, or before it
 * answers a refusal (an earlier check's refusal from the store wins over a later one's, as when
 * each awaited its own call). On a synchronous store (memory) the operations run as they are
 * added, so a request that needs no other I/O creates no promise.
 */
@Injectable()
export class ApiEdgeGuard implements CanActivate {
  private readonly steps: readonly Step[];
  /** The store when its operations are batched (see the class comment), else `null`. */
  private readonly batchingStore: (EdgeStore & Required<Pick<EdgeStore, 'batch'>>) | null;
  /** On a synchronous store: the one queue that runs operations at once (no request state). */
  private readonly immediate: ImmediateStoreOperations | null;

  constructor(
    @Inject(ApiEdgeOptions) private readonly options: ApiEdgeOptions,
    @Inject(EdgeHttp) private readonly http: EdgeHttp,
    @Inject(EdgeStore) store: EdgeStore,
    maintenance: MaintenanceGuard,
    ipAllowlist: IpAllowlistGuard,
    bruteForce: BruteForceGuard,
    authentication: AuthenticationGuard,
    signature: SignatureGuard,
    workspace: WorkspaceGuard,
    scope: ScopeGuard,
    plan: PlanGuard,
    rateLimit: RateLimitGuard,
  ) {
    const steps: Readonly<Record<CheckStepName, Step>> = {
      // First of all, so every answer (even a refusal) carries the id.
      'request id': (c, s) => {
        const http = c.switchToHttp();
        ensureRequestId(this.http, http.getRequest<object>(), http.getResponse<object>(), this.options.requestId, s);
      },
      maintenance: (c, s) => maintenance.check(c, s),
      'IP allowlist (global)': (c, s) => ipAllowlist.checkGlobal(c, s),
      'brute-force block': (c, s) => bruteForce.check(c, s),
      // Authentication runs under the brute-force limiter, which counts its failures.
      authentication: (c, s) => bruteForce.watch(c, s, authentication),
      'IP allowlist (per key)': (c, s) => ipAllowlist.checkPrincipal(c, s),
      signature: (c, s) => signature.check(c, s),
      workspace: (c, s) => workspace.check(c, s),
      scopes: (c, s) => scope.check(c, s),
      plan: (c, s) => plan.check(c, s),
      'rate limits': (c, s) => rateLimit.check(c, s),
      // Last: only a request allowed in reaches the pipes, and a too-deep body must not.
      'body depth': (c) => refuseDeepBody(c.switchToHttp().getRequest<{ body?: unknown }>().body, this.options.maxJsonDepth),
    };
    this.steps = CHECK_ORDER.map((name) => steps[name]);
    const sync = isSyncEdgeStore(store);
    this.immediate = sync ? new ImmediateStoreOperations(store) : null;
    this.batchingStore = typeof store.batch === 'function' && !sync ? (store as EdgeStore & Required<Pick<EdgeStore, 'batch'>>) : null;
  }

  /** Runs the checks; synchronous until the first check that needs I/O. */
  canActivate(original: ExecutionContext): boolean | Promise<boolean> {
    // The checks run on the HTTP view (a GraphQL operation's HTTP request); other contexts only
    // by explicit choice.
    const context = checkedContextOf(original, this.options.contexts);
    if (context === null) return true;
    const state = edgeState(context.switchToHttp().getRequest<object>());
    if (this.batchingStore !== null) return this.runBatched(context, state, new PendingStoreOperations(this.batchingStore));
    if (this.immediate !== null) state.storeOps = this.immediate;
    for (let i = 0; i < this.steps.length; i++) {
      const pending = (this.steps[i] as Step)(context, state);
      if (pending !== undefined) return this.continueAsync(pending, i + 1, context, state);
    }
    return true;
  }

  private async continueAsync(
    pending: Promise<void>,
    from: number,
    context: ExecutionContext,
    state: EdgeRequestState,
  ): Promise<boolean> {
    await pending;
    for (let i = from; i < this.steps.length; i++) await (this.steps[i] as Step)(context, state);
    return true;
  }

  /**
   * Every step with the store operations queued, then one flush (also before a refusal is
   * answered). Runs of one request (the resolvers of one GraphQL operation) take turns: the queue
   * lives on the request's state, so two at once would mix their operations.
   */
  private async runBatched(context: ExecutionContext, state: EdgeRequestState, operations: PendingStoreOperations): Promise<boolean> {
    const holder = state as EdgeRequestState & { [BATCHED_RUN]?: Promise<unknown> };
    while (holder[BATCHED_RUN] !== undefined) await holder[BATCHED_RUN].catch(() => undefined);
    const run = this.runSteps(context, state, operations);
    holder[BATCHED_RUN] = run;
    try {
      return await run;
    } finally {
      if (holder[BATCHED_RUN] === run) holder[BATCHED_RUN] = undefined;
    }
  }

  private async runSteps(context: ExecutionContext, state: EdgeRequestState, operations: PendingStoreOperations): Promise<boolean> {
    state.storeOps = operations;
    try {
      for (let i = 0; i < this.steps.length; i++) {
        const pending = (this.steps[i] as Step)(context, state);
        if (pending !== undefined) await pending;
      }
    } catch (refusal) {
      state.storeOps = undefined;
      await operations.flush();
      throw refusal;
    }
    state.storeOps = undefined;
    await operations.flush();
    return true;
  }
}
