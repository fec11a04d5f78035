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
  type ThrottlerRequest,
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
import { workspaceContext } from '../workspaces/workspace-context.js';

/** What one request has counted so far; kept on the request under a private symbol. */
interface Tally {
  readonly state: EdgeRequestState;
  tracker: string | undefined;
  /** Bits set by a window's own limit/ttl resolvers; a bit left clear means a route override. */
  defaults: number;
  readonly policies: RateLimitPolicy[];
  readonly states: RateLimitState[];
}

/** The `rateLimit` section, validated once at start-up. */
interface ResolvedRateLimit {
  /** The windows as throttler options, shortest first (throttler's own order). */
  readonly throttlers: ThrottlerOptions[];
  readonly perRoute: ReadonlySet<string>;
  readonly headers: boolean;
  readonly skip: RateLimitOptions['skip'];
  readonly ipv6SubnetPrefix: number;
  readonly tracker: RateLimitTracker;
}

const TRACKERS = new Set(['key', 'account', 'tenant', 'ip']);

const TALLY = Symbol('nest-api-edge.rate-limit');
const LIMIT_DEFAULT = 1;
const TTL_DEFAULT = 2;
const BOTH_DEFAULT = LIMIT_DEFAULT | TTL_DEFAULT;
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
  /** `@SkipRateLimit()` per route, read once per route. */
  private readonly skippedRoutes: RouteSection<boolean>;

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
    this.skippedRoutes = routes.section('rateLimit',
      (handler, cls) => reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT, [handler as () => void, cls as () => void]) === true,
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
    if (this.skippedRoutes.get(context)) return;
    if (config.skip !== undefined && config.skip(context, state)) return;
    const tally: Tally = { state, tracker: undefined, defaults: 0, policies: [], states: [] };
    request[TALLY] = tally;
    return this.countAndAnnounce(context, tally, config);
  }

  /** Guard entry point for `@UseGuards(RateLimitGuard)`: runs {@link check}. */
  override async canActivate(original: ExecutionContext): Promise<boolean> {
    const context = checkedContextOf(original, this.edge.contexts);
    if (context === null) return true;
    await this.check(context, edgeState(context.switchToHttp().getRequest<object>()));
    return true;
  }

  /**
   * Counts one window (throttler calls it once per window, shortest first, after resolving the
   * window's limit and ttl); refuses through {@link throwThrottlingException}.
   */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = props;
    const name = throttler.name as string;
    const { req } = this.getRequestResponse(context);
    const tally = tallyOf(req);
    // A route that overrides this window's limit or ttl counts in a budget of its own.
    const routeScoped = tally.defaults !== BOTH_DEFAULT || this.config?.perRoute.has(name) === true;
    tally.defaults = 0;
    const tracker =
      getTracker === this.defaultGetTracker ? (tally.tracker ??= await getTracker(req, context)) : await getTracker(req, context);
    const key = routeScoped || generateKey !== this.defaultGenerateKey ? generateKey(context, tracker, name) : tracker;
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    if (this.config?.headers === true) {
      tally.policies.push({ name, quota: limit, windowSeconds: Math.ceil(ttl / 1000) });
      tally.states.push({
        name,
        remaining: record.isBlocked ? 0 : Math.max(0, limit - record.totalHits),
        resetSeconds: record.isBlocked ? record.timeToBlockExpire : record.timeToExpire,
      });
    }
    if (record.isBlocked) await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
    return true;
  }

  /**
   * The tracker (`rateLimit.tracker`): by default `<credential>:<principal id>` when
   * authenticated; `account:<id>`, `tenant:<workspace id>` (else the account) or the option's
   * function when configured; `ip:<client IP>` for anonymous requests and `'ip'`.
   */
  protected override async getTracker(request: Record<string, any>): Promise<string> {
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

  /** The storage key of a route-scoped budget: controller, handler and tracker. */
  protected override generateKey(context: ExecutionContext, tracker: string, _name: string): string {
    return `${context.getClass().name}.${context.getHandler().name}:${tracker}`;
  }

  /** Refuses with the catalogued `rate_limited` (429), `Retry-After` and the rate-limit headers. */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const tally = tallyOf(this.getRequestResponse(context).req);
    throw this.edge.catalogue.error('rate_limited', {
      retryAfter: Math.max(1, detail.timeToBlockExpire),
      ...(this.config?.headers === true && tally.policies.length > 0 ? { headers: headersOf(tally) } : {}),
    });
  }

  private async countAndAnnounce(context: ExecutionContext, tally: Tally, config: ResolvedRateLimit): Promise<void> {
    await super.canActivate(context);
    if (!config.headers || tally.policies.length === 0) return;
    const { res } = this.getRequestResponse(context);
    this.setResponseHeader(res, RATE_LIMIT_POLICY_HEADER, formatRateLimitPolicy(tally.policies));
    this.setResponseHeader(res, RATE_LIMIT_HEADER, formatRateLimit(tally.states));
  }
}

function tallyOf(request: object): Tally {
  const holder = request as { [TALLY]?: Tally };
  return (holder[TALLY] ??= { state: edgeState(request), tracker: undefined, defaults: 0, policies: [], states: [] });
}

function tallyOfContext(context: ExecutionContext): Tally {
  return tallyOf(context.switchToHttp().getRequest<object>());
}

function headersOf(tally: Tally): Record<string, string> {
  return {
    [RATE_LIMIT_POLICY_HEADER]: formatRateLimitPolicy(tally.policies),
    [RATE_LIMIT_HEADER]: formatRateLimit(tally.states),
  };
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
  const throttlers = [...windows].sort((a, b) => a.ttl - b.ttl).map((window) => {
    const options = toThrottler(window);
    const name = options.name as string;
    if (names.has(name)) fail(`use window "${name}"`, 'another window has the same name', 'give every window a distinct name');
    names.add(name);
    if (window.perRoute === true) perRoute.add(name);
    return options;
  });
  return Object.freeze({
    throttlers,
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
  const resolveTtl = (context: ExecutionContext): number => {
    tallyOfContext(context).defaults |= TTL_DEFAULT;
    return ttl;
  };
  const resolveLimit =
    typeof limit === 'function'
      ? (context: ExecutionContext): number => {
          const tally = tallyOfContext(context);
          tally.defaults |= LIMIT_DEFAULT;
          const value = limit({ principal: tally.state.principal, plan: tally.state.plan, context });
          if (!Number.isSafeInteger(value) || value < 0) {
            throw new Error(`Cannot rate-limit window "${name}" because its limit function returned ${String(value)}. Fix: return an integer >= 0.`);
          }
          return value;
        }
      : (context: ExecutionContext): number => {
          tallyOfContext(context).defaults |= LIMIT_DEFAULT;
          return limit;
        };
  return { name, ttl: resolveTtl, limit: resolveLimit, ...(blockDuration === undefined ? {} : { blockDuration }) };
}

function fail(what: string, why: string, fix: string): never {
  throw new OptionsConfigurationError(`Cannot ${what} because ${why}. Fix: ${fix}.`);
}
