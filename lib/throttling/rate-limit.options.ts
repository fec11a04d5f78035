import type { ExecutionContext } from '@nestjs/common';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import type { Principal } from '../ports/principal.js';

/**
 * What a plan-dependent limit is computed from: the authenticated principal (absent for
 * anonymous callers, which are tracked by IP), the plan the plan check resolved (`undefined`
 * when no plan check ran), and the Nest context of the request.
 */
export interface RateLimitSubject {
  /** The caller, when authenticated. `principal.plan` is the key's plan reference. */
  readonly principal: Principal | undefined;
  /** `edgeState(request).plan` as the plan provider returned it, when the plan check ran. */
  readonly plan: unknown;
  /** The request's execution context (route, handler, request object). */
  readonly context: ExecutionContext;
}

/**
 * The limit of a window: a fixed number of requests, or a function of the caller (e.g. its
 * plan). The function runs on every request, so keep it a lookup, not I/O.
 *
 * @example
 * ```ts
 * const perPlan: RateLimitValue = ({ principal }) => (principal?.plan === 'pro' ? 100 : 10);
 * ```
 */
export type RateLimitValue = number | ((subject: RateLimitSubject) => number);

/**
 * One named window: at most `limit` requests per `ttl` milliseconds, per tracker (the API key
 * id when the request is authenticated, else the client IP). Windows are fixed (the counter
 * starts with the first request and resets `ttl` ms later), counted in the module's `EdgeStore`,
 * so on Redis they hold across instances.
 *
 * @example
 * ```ts
 * { name: 'second', ttl: 1000, limit: 10 }
 * { name: 'hour', ttl: 3_600_000, limit: ({ principal }) => (principal?.plan === 'pro' ? 10_000 : 1000) }
 * ```
 */
export interface RateLimitWindow {
  /**
   * The window's name: the policy name in the `RateLimit`/`RateLimit-Policy` headers and the
   * key of `@Throttle({ <name>: … })` / `@SkipThrottle({ <name>: true })`. Default `'default'`
   * (which a bare `@SkipThrottle()` skips). Printable ASCII, unique among the windows.
   */
  readonly name?: string;
  /** Length of the window in milliseconds (a positive integer). Sent as `w`, rounded up to seconds. */
  readonly ttl: number;
  /** Requests allowed per window and tracker; a positive integer, or a function of the caller. */
  readonly limit: RateLimitValue;
  /**
   * How long a tracker that exceeded the window stays refused, in milliseconds. Default: until
   * the window resets. A longer block costs one more store read per request on this window.
   */
  readonly blockDuration?: number;
  /**
   * Count this window per route (controller + handler) instead of one budget per tracker across
   * the API. Default false. A route that overrides this window with `@Throttle` always gets a
   * budget of its own.
   */
  readonly perRoute?: boolean;
}

/**
 * Whom a window counts (`rateLimit.tracker`):
 *
 * - `'key'` (default): each API key or token (`<credential>:<principal id>`);
 * - `'account'`: the account the key belongs to, so all keys of one account share the budget;
 * - `'tenant'`: the workspace the workspace check resolved, else the account;
 * - `'ip'`: the client IP, authenticated or not;
 * - a function `(request, principal) => string` returning the tracker (keep it a lookup; it is
 *   prefixed `custom:`, so it never collides with the built-in trackers).
 *
 * Anonymous requests are always tracked by client IP (IPv6 grouped by `ipv6SubnetPrefix`).
 *
 * @example
 * ```ts
 * rateLimit: { tracker: 'account', windows: [{ name: 'minute', ttl: 60_000, limit: 60 }] }
 * ```
 */
export type RateLimitTracker =
  | 'key'
  | 'account'
  | 'tenant'
  | 'ip'
  | ((request: Record<string, any>, principal: Principal) => string);

/**
 * The brute-force limiter: refuses a client IP after repeated authentication failures with the
 * catalogued `too_many_attempts` (429 + `Retry-After`). Only failures are counted, so callers
 * that authenticate never spend anything; a blocked IP is refused before authentication runs,
 * so a lucky guess during the block is refused too.
 *
 * @example
 * ```ts
 * bruteForce: { maxFailures: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 }
 * ```
 */
export interface BruteForceOptions {
  /** Failures from one IP within `windowMs` that trigger the block. Default 10. */
  readonly maxFailures?: number;
  /** The fixed window failures are counted in, ms, starting at the first failure. Default 900 000 (15 min). */
  readonly windowMs?: number;
  /** How long the IP is refused once blocked, ms. Default 900 000 (15 min). */
  readonly blockMs?: number;
  /**
   * Which catalogue keys raised by authentication count as failures. Default: `invalid_api_key`,
   * `api_key_inactive`, `api_key_revoked`, `api_key_expired`, `api_key_deleted`,
   * `invalid_token`, `token_expired`, `invalid_credentials` (a missing credential is not a guess,
   * so `missing_api_key` and `missing_credentials` do not count).
   */
  readonly countedErrors?: readonly string[];
}

/**
 * Rate limits (`rateLimit` of `ApiEdgeModule.forRoot`): @nestjs/throttler over the module's
 * store, IETF `RateLimit-Policy`/`RateLimit` headers, and the brute-force limiter. Absent = off.
 *
 * @example
 * ```ts
 * rateLimit: {
 *   windows: [
 *     { name: 'second', ttl: 1000, limit: 10 },
 *     { name: 'hour', ttl: 3_600_000, limit: ({ principal }) => (principal?.plan === 'pro' ? 10_000 : 1000) },
 *   ],
 *   skip: (context) => context.switchToHttp().getRequest<{ path: string }>().path === '/health',
 *   bruteForce: { maxFailures: 5 },
 * }
 * ```
 */
export interface RateLimitOptions {
  /**
   * The windows every request is counted in, all at once (a request must fit each). Default
   * none: only the brute-force limiter runs (then `bruteForce` is required).
   */
  readonly windows?: readonly RateLimitWindow[];
  /** Whom the windows count: `'key'` (default), `'account'`, `'tenant'`, `'ip'`, or a function. See {@link RateLimitTracker}. */
  readonly tracker?: RateLimitTracker;
  /**
   * Send `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers) on every
   * counted response, successes and 429s alike. Default true.
   */
  readonly headers?: boolean;
  /**
   * Requests for which no window is counted (health checks, internal callers). Runs on every
   * request before anything is counted. Default: none skipped. Routes opt out with
   * `@SkipRateLimit()` (all windows) or `@SkipThrottle({ <name>: true })` (one window).
   */
  readonly skip?: (context: ExecutionContext, state: EdgeRequestState) => boolean;
  /**
   * Prefix length IPv6 clients are grouped by (one client usually owns a whole /64). Default 64;
   * 128 tracks every address alone.
   */
  readonly ipv6SubnetPrefix?: number;
  /** The brute-force limiter on authentication failures. Absent = off. */
  readonly bruteForce?: BruteForceOptions;
}
