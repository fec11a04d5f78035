// Why this file is long: it is the rate-limit check's three window loops over one compiled route
// record (synchronous on a memory store, queued on a batching store, throttler's general path for
// route functions, custom storages and overridden hooks), which must give the same records,
// headers and refusals and so are kept side by side. The route compiler is rate-limit.route.ts,
// the option resolving rate-limit.resolved.ts.
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerGuard,
  getStorageToken,
  normalizeIp,
  type ThrottlerGenerateKeyFunction,
  type ThrottlerGetTrackerFunction,
  type ThrottlerLimitDetail,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ClientIpResolver } from '../context/client-ip.resolver.js';
import { edgeState, type EdgeRequestState } from '../context/edge-request-state.js';
import { checkedContextOf } from '../context/execution-contexts.js';
import type { EdgeCheck } from '../guards/edge-check.guard.js';
import { RouteTable } from '../routes/route-table.js';
import { EdgeHttp } from '../http/edge-http.js';
import { EdgeThrottlerStorage, type EdgeThrottlerRecord } from './edge-throttler.storage.js';
import type { RouteSection } from '../routes/route-section.js';
import {
  RATE_LIMIT_HEADER,
  RATE_LIMIT_POLICY_HEADER,
  formatRateLimit,
  formatRateLimitPolicy,
  type RateLimitPolicy,
  type RateLimitState,
} from './rate-limit-headers.js';
import type { StoreOperationQueue } from '../stores/store-operation-queue.js';
import { compileRoute, resolve, toNumber, type CompiledRoute, type CompiledWindow } from './rate-limit.route.js';
import type { ResolvedRateLimit } from './rate-limit.resolved.js';
import { workspaceContext } from '../workspaces/workspace-context.js';
import { actedBefore, refuseOnce } from '../context/request-outcome.js';

/** What one request has counted so far; kept on the request's edge state under a private symbol. */
interface Tally {
  readonly state: EdgeRequestState;
  tracker: string | undefined;
  /** The route's compiled windows, when counted through {@link RateLimitGuard.check}. */
  route: CompiledRoute | undefined;
  readonly policies: RateLimitPolicy[];
  readonly states: RateLimitState[];
}


const TALLY = Symbol('nest-api-edge.rate-limit');
/** The rate limit's outcome on a request (see request-outcome.ts). */
const RATE_LIMIT = Symbol('nest-api-edge.rate-limit-outcome');

/**
 * The rate-limit check: @nestjs/throttler's `ThrottlerGuard`, counting in the module's
 * `EdgeStore` (through {@link EdgeThrottlerStorage}), so limits hold across instances on Redis.
 *
 * - **Tracker**: the principal (`api_key:<key id>`) when authenticated, else the client IP from
 *   the shared `ClientIpResolver` (IPv6 grouped by `ipv6SubnetPrefix`). Override `getTracker`.
 * - **Windows**: every configured window at once, shortest first; limits may be functions of the
 *   caller's plan. Throttler's `@Throttle({ <name>: { limit, ttl } })` and
 *   `@SkipThrottle({ <name>: true })` work per window; `@SkipRateLimit()` skips them all.
 * - **Refusal**: the catalogued `rate_limited` error (429) with `Retry-After` in whole seconds.
 * - **Headers**: `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers) on
 *   successes and 429s, unless `headers: false`.
 *
 * A request is counted once, even when both the global `ApiEdgeGuard` and `@UseGuards(RateLimitGuard)` run.
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   rateLimit: { windows: [{ name: 'second', ttl: 1000, limit: 10 }, { name: 'hour', ttl: 3_600_000, limit: 1000 }] },
 * });
 *
 * @Throttle({ second: { limit: 2 } }) // this route: 2/s, its own budget
 * @Post('login') login() { … }
 * ```
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard implements EdgeCheck {
  /** `null` when no window is configured: the check returns at once. */
  private readonly config: ResolvedRateLimit | null;
  private readonly defaultGetTracker: ThrottlerGetTrackerFunction;
  private readonly defaultGenerateKey: ThrottlerGenerateKeyFunction;
  /** The windows of each route, resolved once per route; `null` when none applies. */
  private readonly routeWindows: RouteSection<CompiledRoute | null>;
  /** The module's own storage, its hooks not overridden, else `null` (throttler's path through `storage.increment`). */
  private readonly ownStorage: EdgeThrottlerStorage | null;
  /** {@link ownStorage} over a synchronous store, else `null`. */
  private readonly syncStorage: EdgeThrottlerStorage | null;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly edge: ApiEdgeOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    protected readonly clientIp: ClientIpResolver,
    routes: RouteTable,
    // Headers go through the module's HTTP seam (Node's setHeader on Express), not throttler's
    // `res.header()`, which on Express re-checks every value for a content type.
    @Inject(EdgeHttp) private readonly http: EdgeHttp,
  ) {
    const config = edge.rateLimit;
    super({ throttlers: config?.throttlers ?? [] }, storage, reflector);
    this.config = config;
    const proto = RateLimitGuard.prototype;
    const hooksIntact = this.getTracker === proto.getTracker && this.throwThrottlingException === proto.throwThrottlingException;
    // The own loops bypass the hooks a subclass may override; an override keeps throttler's path.
    this.ownStorage = storage instanceof EdgeThrottlerStorage && hooksIntact ? storage : null;
    this.syncStorage = this.ownStorage?.synchronous === true ? this.ownStorage : null;
    this.routeWindows = routes.section('rateLimit', (handler, cls) =>
      config === null ? null : compileRoute(config, reflector, handler as () => void, cls as () => void, this.syncStorage !== null),
    );
    this.defaultGetTracker = (request) => this.getTracker(request);
    this.defaultGenerateKey = (context, tracker, name) => this.generateKey(context, tracker, name);
    // Set here rather than in throttler's onModuleInit: the guard must also work when Nest
    // instantiates it for `@UseGuards(RateLimitGuard)`, and options were validated above.
    this.throttlers = config?.throttlers ?? [];
    this.commonOptions = { getTracker: this.defaultGetTracker, generateKey: this.defaultGenerateKey };
    if (config !== null) this.ipv6SubnetPrefix = config.ipv6SubnetPrefix;
  }

  /** Throttler's start-up hook; everything is resolved in the constructor instead. */
  override async onModuleInit(): Promise<void> {}

  /**
   * Counts the request in every window that applies; throws `rate_limited` when one is
   * exhausted. Synchronous (no promise) when rate limiting is off or skipped for this request.
   */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    const config = this.config;
    if (config === null) return;
    const route = this.routeWindows.get(context);
    if (route === null) return;
    if (config.skip !== undefined && config.skip(context, state)) return;
    // Once per request (see request-outcome.ts), also when `@UseGuards(RateLimitGuard)` runs too.
    if (actedBefore(state, RATE_LIMIT)) return;
    const tally: Tally = { state, tracker: undefined, route, policies: [], states: [] };
    // On the edge state, not the request: adding a property to Node's request grows its storage.
    (state as EdgeRequestState & { [TALLY]?: Tally })[TALLY] = tally;
    const request = context.switchToHttp().getRequest<Record<string, any>>();
    if (route.sync) {
      this.countNow(context, request, tally, route, config);
      return;
    }
    const queue = state.storeOps;
    if (route.fixed && queue !== undefined && this.ownStorage !== null) {
      this.queueWindows(context, request, tally, route, config, queue, this.ownStorage);
      return;
    }
    return this.countAsync(context, request, tally, route, config);
  }

  /** Guard entry point for `@UseGuards(RateLimitGuard)`: runs {@link check}. */
  override async canActivate(original: ExecutionContext): Promise<boolean> {
    const context = checkedContextOf(original, this.edge.contexts);
    if (context === null) return true;
    await this.check(context, edgeState(context.switchToHttp().getRequest<object>()));
    return true;
  }

  /**
   * The windows of a route counted without a promise: fixed values, the module's storage over a
   * synchronous store, the default tracker. Shortest first; stops at the first refused window.
   */
  private countNow(context: ExecutionContext, request: Record<string, any>, tally: Tally, route: CompiledRoute, config: ResolvedRateLimit): void {
    const storage = this.syncStorage as EdgeThrottlerStorage;
    const tracker = this.trackerOf(request, tally.state);
    tally.tracker = tracker;
    const windows = route.windows;
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i] as CompiledWindow;
      const limit = w.limit ?? ownLimit(w, tally, context);
      const ttl = w.ttl as number;
      const blockDuration = w.blockDuration ?? ttl;
      const key = this.keyOf(w, context, tracker);
      const record = storage.incrementNow(key, ttl, limit, blockDuration, w.name);
      if (config.headers) this.announce(tally, w, limit, ttl, record);
      if (record.isBlocked) throw this.refusal(record.timeToBlockExpire, tally, config);
    }
    if (config.headers) this.setHeaders(context, tally);
  }

  /**
   * The windows of a route queued on the request's batched store operations (one round trip with
   * the rest of its checks): the same values and records as {@link countNow}, read at the flush.
   * The loop repeats countNow's on purpose: sharing it would give the memory path a closure and an
   * operation object per window on every request.
   */
  private queueWindows(
    context: ExecutionContext,
    request: Record<string, any>,
    tally: Tally,
    route: CompiledRoute,
    config: ResolvedRateLimit,
    queue: StoreOperationQueue,
    storage: EdgeThrottlerStorage,
  ): void {
    const tracker = this.trackerOf(request, tally.state);
    tally.tracker = tracker;
    const windows = route.windows;
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i] as CompiledWindow;
      const limit = w.limit ?? ownLimit(w, tally, context);
      const ttl = w.ttl as number;
      const last = i === windows.length - 1;
      storage.queue(queue, this.keyOf(w, context, tracker), ttl, limit, w.blockDuration ?? ttl, w.name, (record) => {
        if (config.headers) this.announce(tally, w, limit, ttl, record);
        if (record.isBlocked) throw this.refusal(record.timeToBlockExpire, tally, config);
        if (last && config.headers) this.setHeaders(context, tally);
      });
    }
  }

  /** The general path: route functions, a custom storage or tracker, overridden hooks. */
  private async countAsync(context: ExecutionContext, request: Record<string, any>, tally: Tally, route: CompiledRoute, config: ResolvedRateLimit): Promise<void> {
    for (const w of route.windows) {
      const name = w.name;
      const limit = w.limit ?? (w.limitOverride != null ? toNumber(await resolve(w.limitOverride, context), 'limit', name) : ownLimit(w, tally, context));
      const ttl = w.ttl ?? toNumber(await resolve(w.ttlOverride ?? w.window.ttl, context), 'ttl', name);
      const blockDuration = w.blockDuration ?? toNumber(await resolve(w.blockOverride ?? w.window.blockDuration ?? ttl, context), 'blockDuration', name);
      const tracker =
        w.getTracker === undefined ? (tally.tracker ??= await this.defaultGetTracker(request, context)) : await w.getTracker(request, context);
      const key = this.keyOf(w, context, tracker);
      const record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
      if (config.headers) this.announce(tally, w, limit, ttl, record);
      if (record.isBlocked) await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
    }
    if (config.headers) this.setHeaders(context, tally);
  }

  /** The storage key of one window: the tracker, or a route-scoped key. */
  private keyOf(w: CompiledWindow, context: ExecutionContext, tracker: string): string {
    if (w.generateKey !== undefined) return w.generateKey(context, tracker, w.name);
    return w.routeScoped ? this.generateKey(context, tracker, w.name) : tracker;
  }

  private announce(tally: Tally, w: CompiledWindow, limit: number, ttl: number, record: EdgeThrottlerRecord): void {
    tally.policies.push(w.policy ?? { name: w.name, quota: limit, windowSeconds: Math.ceil(ttl / 1000) });
    tally.states.push({
      name: w.name,
      remaining: record.isBlocked ? 0 : Math.max(0, limit - record.totalHits),
      resetSeconds: record.isBlocked ? record.timeToBlockExpire : record.timeToExpire,
    });
  }

  private setHeaders(context: ExecutionContext, tally: Tally): void {
    if (tally.policies.length === 0) return;
    const res = context.switchToHttp().getResponse<object>();
    this.http.setHeader(res, RATE_LIMIT_POLICY_HEADER, policyHeaderOf(tally));
    this.http.setHeader(res, RATE_LIMIT_HEADER, formatRateLimit(tally.states));
  }

  private refusal(timeToBlockExpire: number, tally: Tally, config: ResolvedRateLimit | null): Error {
    const refusal = this.edge.catalogue.error('rate_limited', {
      retryAfter: Math.max(1, timeToBlockExpire),
      ...(config?.headers === true && tally.policies.length > 0 ? { headers: headersOf(tally) } : {}),
    });
    return refuseOnce(tally.state, RATE_LIMIT, refusal) as Error;
  }

  /** The default tracker, synchronously: see {@link getTracker}. */
  private trackerOf(request: Record<string, any>, state: EdgeRequestState): string {
    const principal = state.principal;
    const tracker = this.config?.tracker ?? 'key';
    if (principal !== undefined && tracker !== 'ip') {
      if (tracker === 'key') return `${principal.credential}:${principal.id}`;
      if (typeof tracker === 'function') {
        const custom = tracker(request, principal);
        if (typeof custom !== 'string' || custom === '') {
          throw new Error(`Cannot rate-limit this request because rateLimit.tracker returned ${String(custom)}. Fix: return a non-empty string.`);
        }
        return `custom:${custom}`;
      }
      const workspace = tracker === 'tenant' ? workspaceContext(request)?.id : undefined;
      return workspace === undefined ? `account:${principal.accountId}` : `tenant:${workspace}`;
    }
    return `ip:${normalizeIp(this.clientIp.resolve(request, state), this.ipv6SubnetPrefix)}`;
  }

  /**
   * The tracker (`rateLimit.tracker`): by default `<credential>:<principal id>` when
   * authenticated; `account:<id>`, `tenant:<workspace id>` (else the account) or the option's
   * function when configured; `ip:<client IP>` for anonymous requests and `'ip'`.
   */
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    return this.trackerOf(request, edgeState(request));
  }

  /** The storage key of a route-scoped budget: controller, handler and tracker. */
  protected override generateKey(context: ExecutionContext, tracker: string, _name: string): string {
    return `${context.getClass().name}.${context.getHandler().name}:${tracker}`;
  }

  /** Refuses with the catalogued `rate_limited` (429), `Retry-After` and the rate-limit headers. */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw this.refusal(detail.timeToBlockExpire, tallyOf(this.getRequestResponse(context).req), this.config);
  }
}

function tallyOf(request: object): Tally {
  const state = edgeState(request) as EdgeRequestState & { [TALLY]?: Tally };
  return (state[TALLY] ??= { state, tracker: undefined, route: undefined, policies: [], states: [] });
}

/** `RateLimit-Policy` for the windows counted so far: precomputed per route when every value is fixed. */
function policyHeaderOf(tally: Tally): string {
  const precomputed = tally.route?.policyHeaders?.[tally.policies.length - 1];
  return precomputed ?? formatRateLimitPolicy(tally.policies);
}

function headersOf(tally: Tally): Record<string, string> {
  return {
    [RATE_LIMIT_POLICY_HEADER]: policyHeaderOf(tally),
    [RATE_LIMIT_HEADER]: formatRateLimit(tally.states),
  };
}

/** A window's own limit (no `@Throttle` limit on the route): fixed, or the plan function's answer. */
function ownLimit(w: CompiledWindow, tally: Tally, context: ExecutionContext): number {
  const limit = w.window.limit;
  if (typeof limit !== 'function') return limit;
  const value = limit({ principal: tally.state.principal, plan: tally.state.plan, context });
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`Cannot rate-limit window "${w.name}" because its limit function returned ${String(value)}. Fix: return an integer >= 0.`);
  }
  return value;
}
