// Why this file is long: it is the rate-limit check and its route compiler together (throttler's
// decorators resolved per route at start-up, the synchronous and asynchronous window loops over
// the same compiled record) and still holds the section's option resolving. The next split: the
// route compiler into rate-limit.route.ts, the resolving into rate-limit.options.ts.
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerGuard,
  getStorageToken,
  normalizeIp,
  type ThrottlerGenerateKeyFunction,
  type ThrottlerGetTrackerFunction,
  type ThrottlerLimitDetail,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ClientIpResolver } from '../context/client-ip.resolver.js';
import { edgeState, type EdgeRequestState } from '../context/edge-request-state.js';
import { checkedContextOf } from '../context/execution-contexts.js';
import { SKIP_RATE_LIMIT } from '../decorators/skip-rate-limit.decorator.js';
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import type { EdgeCheck } from '../guards/edge-check.guard.js';
import { RouteTable } from '../routes/route-table.js';
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
import type { RateLimitOptions, RateLimitTracker, RateLimitWindow } from './rate-limit.options.js';
import type { PendingStoreOperations } from '../stores/pending-store-operations.js';
import { workspaceContext } from '../workspaces/workspace-context.js';

/** What one request has counted so far; kept on the request under a private symbol. */
interface Tally {
  readonly state: EdgeRequestState;
  tracker: string | undefined;
  /** The route's compiled windows, when counted through {@link RateLimitGuard.check}. */
  route: CompiledRoute | undefined;
  readonly policies: RateLimitPolicy[];
  readonly states: RateLimitState[];
}

/** A throttler value as `@Throttle` may give it: a number, a numeric string or a function of the context. */
type Resolvable = unknown;

/**
 * One window as it applies to one route, resolved at start-up from the window and the route's
 * `@Throttle`/`@SkipThrottle` metadata. `limit`/`ttl`/`blockDuration` are set when fixed for the
 * route; `undefined` means resolved per request (a plan function or a route function).
 */
interface CompiledWindow {
  readonly name: string;
  readonly window: RateLimitWindow;
  /** The route's `@Throttle` values (`undefined` when not overridden, as throttler's `??`). */
  readonly limitOverride: Resolvable;
  readonly ttlOverride: Resolvable;
  readonly blockOverride: Resolvable;
  readonly limit: number | undefined;
  readonly ttl: number | undefined;
  readonly blockDuration: number | undefined;
  /** Counts in a budget of the route's own: `perRoute`, or the route overrides limit or ttl. */
  readonly routeScoped: boolean;
  readonly getTracker: ThrottlerGetTrackerFunction | undefined;
  readonly generateKey: ThrottlerGenerateKeyFunction | undefined;
  /** The window's `RateLimit-Policy` item values when fixed (no allocation per request). */
  readonly policy: RateLimitPolicy | undefined;
}

/** The windows that apply to one route, shortest first. */
interface CompiledRoute {
  readonly windows: readonly CompiledWindow[];
  /** Every value is fixed and no route tracker applies: counted by the module's own window loop. */
  readonly fixed: boolean;
  /** Fixed, over a synchronous store: counted without a promise. */
  readonly sync: boolean;
  /** `RateLimit-Policy` when the request stops after window i (refused there, or the last): precomputed when fixed. */
  readonly policyHeaders: readonly string[] | undefined;
}

/** The `rateLimit` section, validated once at start-up. */
interface ResolvedRateLimit {
  /** The windows as throttler options, shortest first (throttler's own order). */
  readonly throttlers: ThrottlerOptions[];
  /** The validated windows, in the same order. */
  readonly windows: readonly RateLimitWindow[];
  readonly perRoute: ReadonlySet<string>;
  readonly headers: boolean;
  readonly skip: RateLimitOptions['skip'];
  readonly ipv6SubnetPrefix: number;
  readonly tracker: RateLimitTracker;
}

const TRACKERS = new Set(['key', 'account', 'tenant', 'ip']);

const TALLY = Symbol('nest-api-edge.rate-limit');
// Throttler's metadata keys (its decorators write them; the package does not export the constants
// from its entry point, and deep imports are off limits). Values of @nestjs/throttler 6.
const THROTTLER_LIMIT = 'THROTTLER:LIMIT';
const THROTTLER_TTL = 'THROTTLER:TTL';
const THROTTLER_TRACKER = 'THROTTLER:TRACKER';
const THROTTLER_BLOCK_DURATION = 'THROTTLER:BLOCK_DURATION';
const THROTTLER_KEY_GENERATOR = 'THROTTLER:KEY_GENERATOR';
const THROTTLER_SKIP = 'THROTTLER:SKIP';
const WINDOW_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

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
  ) {
    const config = resolveRateLimit(edge.input.rateLimit);
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
    const request = context.switchToHttp().getRequest<{ [TALLY]?: Tally }>();
    if (request[TALLY] !== undefined) return;
    const route = this.routeWindows.get(context);
    if (route === null) return;
    if (config.skip !== undefined && config.skip(context, state)) return;
    const tally: Tally = { state, tracker: undefined, route, policies: [], states: [] };
    request[TALLY] = tally;
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
    const tracker = this.trackerOf(request);
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
   */
  private queueWindows(
    context: ExecutionContext,
    request: Record<string, any>,
    tally: Tally,
    route: CompiledRoute,
    config: ResolvedRateLimit,
    queue: PendingStoreOperations,
    storage: EdgeThrottlerStorage,
  ): void {
    const tracker = this.trackerOf(request);
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
    const res = context.switchToHttp().getResponse<Record<string, any>>();
    this.setResponseHeader(res, RATE_LIMIT_POLICY_HEADER, policyHeaderOf(tally));
    this.setResponseHeader(res, RATE_LIMIT_HEADER, formatRateLimit(tally.states));
  }

  private refusal(timeToBlockExpire: number, tally: Tally, config: ResolvedRateLimit | null): Error {
    return this.edge.catalogue.error('rate_limited', {
      retryAfter: Math.max(1, timeToBlockExpire),
      ...(config?.headers === true && tally.policies.length > 0 ? { headers: headersOf(tally) } : {}),
    });
  }

  /** The default tracker, synchronously: see {@link getTracker}. */
  private trackerOf(request: Record<string, any>): string {
    const principal = edgeState(request).principal;
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
    return `ip:${normalizeIp(this.clientIp.resolve(request), this.ipv6SubnetPrefix)}`;
  }

  /**
   * The tracker (`rateLimit.tracker`): by default `<credential>:<principal id>` when
   * authenticated; `account:<id>`, `tenant:<workspace id>` (else the account) or the option's
   * function when configured; `ip:<client IP>` for anonymous requests and `'ip'`.
   */
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    return this.trackerOf(request);
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
  const holder = request as { [TALLY]?: Tally };
  return (holder[TALLY] ??= { state: edgeState(request), tracker: undefined, route: undefined, policies: [], states: [] });
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

async function resolve(value: Resolvable, context: ExecutionContext): Promise<unknown> {
  return typeof value === 'function' ? (value as (context: ExecutionContext) => unknown)(context) : value;
}

/** Throttler's own number check of a resolved value (numeric strings allowed), same message. */
function toNumber(value: unknown, option: string, name: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number)) {
    throw new Error(`Invalid "${option}" for the "${name}" throttler: expected a number, got ${JSON.stringify(value)}.`);
  }
  return number;
}

/** `toNumber` of a value fixed for the route, or `undefined` when it is resolved per request (or invalid, so it fails per request as in throttler). */
function fixedNumber(value: unknown, option: string, name: string): number | undefined {
  if (typeof value === 'function') return undefined;
  try {
    return toNumber(value, option, name);
  } catch {
    return undefined;
  }
}

/**
 * The windows that apply to one route, as throttler would resolve them per request: `@SkipRateLimit()`
 * and `@SkipThrottle` remove windows, `@Throttle` values override (handler over class, `??`).
 */
function compileRoute(config: ResolvedRateLimit, reflector: Reflector, handler: () => void, cls: () => void, syncStore: boolean): CompiledRoute | null {
  const targets = [handler, cls];
  if (reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT, targets) === true) return null;
  const windows: CompiledWindow[] = [];
  let fixed = true;
  for (const window of config.windows) {
    const name = window.name ?? 'default';
    if (reflector.getAllAndOverride<unknown>(THROTTLER_SKIP + name, targets)) continue;
    const limitOverride = reflector.getAllAndOverride<unknown>(THROTTLER_LIMIT + name, targets);
    const ttlOverride = reflector.getAllAndOverride<unknown>(THROTTLER_TTL + name, targets);
    const blockOverride = reflector.getAllAndOverride<unknown>(THROTTLER_BLOCK_DURATION + name, targets);
    const getTracker = reflector.getAllAndOverride<ThrottlerGetTrackerFunction | undefined>(THROTTLER_TRACKER + name, targets) || undefined;
    const generateKey = reflector.getAllAndOverride<ThrottlerGenerateKeyFunction | undefined>(THROTTLER_KEY_GENERATOR + name, targets) || undefined;
    const limit = limitOverride != null ? fixedNumber(limitOverride, 'limit', name) : typeof window.limit === 'number' ? window.limit : undefined;
    const ttl = ttlOverride != null ? fixedNumber(ttlOverride, 'ttl', name) : window.ttl;
    const blockSource = blockOverride ?? window.blockDuration;
    const blockDuration = blockSource == null ? ttl : ttl === undefined ? undefined : fixedNumber(blockSource, 'blockDuration', name);
    // Fixed unless a route value is a function (it may return a promise) or a route tracker applies.
    if ((limitOverride != null && limit === undefined) || ttl === undefined || blockDuration === undefined || getTracker !== undefined) fixed = false;
    windows.push({
      name,
      window,
      limitOverride,
      ttlOverride,
      blockOverride,
      limit,
      ttl,
      blockDuration,
      routeScoped: limitOverride != null || ttlOverride != null || config.perRoute.has(name),
      getTracker,
      generateKey,
      policy: limit !== undefined && ttl !== undefined ? Object.freeze({ name, quota: limit, windowSeconds: Math.ceil(ttl / 1000) }) : undefined,
    });
  }
  if (windows.length === 0) return null;
  return Object.freeze({ windows, fixed, sync: fixed && syncStore, policyHeaders: policyHeadersOf(windows) });
}

/** `RateLimit-Policy` for each prefix of the windows, when every window's policy is fixed. */
function policyHeadersOf(windows: readonly CompiledWindow[]): readonly string[] | undefined {
  const policies: RateLimitPolicy[] = [];
  for (const w of windows) {
    if (w.policy === undefined) return undefined;
    policies.push(w.policy);
  }
  try {
    return policies.map((_, i) => formatRateLimitPolicy(policies.slice(0, i + 1)));
  } catch {
    return undefined; // Not serializable: fails per request, as before.
  }
}

/** Validates the `rateLimit` section once; `null` when no window is configured. */
function resolveRateLimit(options: RateLimitOptions | undefined): ResolvedRateLimit | null {
  if (options === undefined) return null;
  const windows = options.windows ?? [];
  if (!Array.isArray(windows)) {
    fail('use rateLimit.windows', 'it is not an array', "pass e.g. windows: [{ name: 'second', ttl: 1000, limit: 10 }]");
  }
  if (windows.length === 0 && options.bruteForce === undefined) {
    fail(
      'enable rateLimit',
      'it has neither windows nor bruteForce',
      "add windows (e.g. [{ name: 'second', ttl: 1000, limit: 10 }]) or bruteForce: {}, or remove the rateLimit section",
    );
  }
  if (options.headers !== undefined && typeof options.headers !== 'boolean') {
    fail('use rateLimit.headers', `it is ${String(options.headers)}`, 'pass true or false (default true)');
  }
  if (options.skip !== undefined && typeof options.skip !== 'function') {
    fail('use rateLimit.skip', 'it is not a function', 'pass (context, state) => boolean');
  }
  const ipv6SubnetPrefix = options.ipv6SubnetPrefix ?? 64;
  if (!Number.isInteger(ipv6SubnetPrefix) || ipv6SubnetPrefix < 1 || ipv6SubnetPrefix > 128) {
    fail('use rateLimit.ipv6SubnetPrefix', `it is ${String(ipv6SubnetPrefix)}`, 'pass an integer from 1 to 128 (default 64)');
  }
  const tracker = options.tracker ?? 'key';
  if (typeof tracker !== 'function' && !TRACKERS.has(tracker)) {
    fail('use rateLimit.tracker', `${JSON.stringify(tracker)} is not a tracker`, "pass 'key', 'account', 'tenant', 'ip' or a function (request, principal) => string");
  }
  if (windows.length === 0) return null;

  const names = new Set<string>();
  const perRoute = new Set<string>();
  // Shortest first, as throttler orders them: a request refused by the short window does not
  // spend the long one.
  const sorted = [...windows].sort((a, b) => a.ttl - b.ttl);
  const throttlers = sorted.map((window) => {
    const options = toThrottler(window);
    const name = options.name as string;
    if (names.has(name)) fail(`use window "${name}"`, 'another window has the same name', 'give every window a distinct name');
    names.add(name);
    if (window.perRoute === true) perRoute.add(name);
    return options;
  });
  return Object.freeze({
    throttlers,
    windows: sorted,
    perRoute,
    headers: options.headers ?? true,
    skip: options.skip,
    ipv6SubnetPrefix,
    tracker,
  });
}

/**
 * One window as throttler options. Limit and ttl are resolver functions even when fixed: throttler
 * calls a window's own resolver only when no `@Throttle` overrides it, which is how a route
 * override is recognised (and given its own budget).
 */
function toThrottler(window: RateLimitWindow): ThrottlerOptions {
  const name = window.name ?? 'default';
  if (typeof name !== 'string' || !WINDOW_NAME.test(name)) {
    fail(`use window name ${JSON.stringify(name)}`, 'it is not 1-64 letters, digits, "_", ".", ":" or "-"', "use e.g. 'second' or 'hour'");
  }
  const { ttl, limit, blockDuration } = window;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) {
    fail(`use window "${name}"`, `its ttl is ${String(ttl)}`, 'pass the window length in milliseconds, a positive integer (e.g. 60_000)');
  }
  if (typeof limit !== 'function' && (!Number.isSafeInteger(limit) || limit <= 0)) {
    fail(`use window "${name}"`, `its limit is ${String(limit)}`, 'pass a positive integer or a function ({ principal, plan }) => number');
  }
  if (blockDuration !== undefined && (!Number.isSafeInteger(blockDuration) || blockDuration < ttl)) {
    fail(
      `use window "${name}"`,
      `its blockDuration ${String(blockDuration)} is not an integer >= its ttl ${ttl}`,
      'omit it (refused until the window resets) or pass a longer block in milliseconds',
    );
  }
  // Throttler's own loop is not used (see RateLimitGuard.check); these options only describe the windows.
  return { name, ttl, limit: typeof limit === 'function' ? 0 : limit, ...(blockDuration === undefined ? {} : { blockDuration }) };
}

function fail(what: string, why: string, fix: string): never {
  throw new OptionsConfigurationError(`Cannot ${what} because ${why}. Fix: ${fix}.`);
}
