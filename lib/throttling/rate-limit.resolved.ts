import type { ThrottlerOptions } from '@nestjs/throttler';
import { failOption as fail } from '../options/option-checks.js';
import type { RateLimitOptions, RateLimitTracker, RateLimitWindow } from './rate-limit.options.js';

/** The `rateLimit` section, validated once at start-up. */
export interface ResolvedRateLimit {
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
const WINDOW_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Validates the `rateLimit` section once; `null` when no window is configured. */
export function resolveRateLimit(options: RateLimitOptions | undefined): ResolvedRateLimit | null {
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
  const sorted = windows.map((window) => ({ ...window })).sort((a, b) => a.ttl - b.ttl);
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
