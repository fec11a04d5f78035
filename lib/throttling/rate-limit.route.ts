import type { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerGenerateKeyFunction, ThrottlerGetTrackerFunction } from '@nestjs/throttler';
import { SKIP_RATE_LIMIT } from '../decorators/skip-rate-limit.decorator.js';
import { formatRateLimitPolicy, type RateLimitPolicy } from './rate-limit-headers.js';
import type { RateLimitWindow } from './rate-limit.options.js';
import type { ResolvedRateLimit } from './rate-limit.resolved.js';

// The rate-limit part of the route table: throttler's decorators resolved per route, once, at
// start-up, so the check reads one frozen record per request.

// Throttler's metadata keys (its decorators write them; the package does not export the constants
// from its entry point, and deep imports are off limits). Values of @nestjs/throttler 6.
const THROTTLER_LIMIT = 'THROTTLER:LIMIT';
const THROTTLER_TTL = 'THROTTLER:TTL';
const THROTTLER_TRACKER = 'THROTTLER:TRACKER';
const THROTTLER_BLOCK_DURATION = 'THROTTLER:BLOCK_DURATION';
const THROTTLER_KEY_GENERATOR = 'THROTTLER:KEY_GENERATOR';
const THROTTLER_SKIP = 'THROTTLER:SKIP';
/** A throttler value as `@Throttle` may give it: a number, a numeric string or a function of the context. */
export type Resolvable = unknown;

/**
 * One window as it applies to one route, resolved at start-up from the window and the route's
 * `@Throttle`/`@SkipThrottle` metadata. `limit`/`ttl`/`blockDuration` are set when fixed for the
 * route; `undefined` means resolved per request (a plan function or a route function).
 */
export interface CompiledWindow {
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
export interface CompiledRoute {
  readonly windows: readonly CompiledWindow[];
  /** Every value is fixed and no route tracker applies: counted by the module's own window loop. */
  readonly fixed: boolean;
  /** Fixed, over a synchronous store: counted without a promise. */
  readonly sync: boolean;
  /** `RateLimit-Policy` when the request stops after window i (refused there, or the last): precomputed when fixed. */
  readonly policyHeaders: readonly string[] | undefined;
}

export async function resolve(value: Resolvable, context: ExecutionContext): Promise<unknown> {
  return typeof value === 'function' ? (value as (context: ExecutionContext) => unknown)(context) : value;
}

/** Throttler's own number check of a resolved value (numeric strings allowed), same message. */
export function toNumber(value: unknown, option: string, name: string): number {
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
export function compileRoute(config: ResolvedRateLimit, reflector: Reflector, handler: () => void, cls: () => void, syncStore: boolean): CompiledRoute | null {
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
