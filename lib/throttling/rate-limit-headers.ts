import { serializeList, type Item } from 'structured-headers';

/** Name of the quota policy header (draft-ietf-httpapi-ratelimit-headers-08 and later). */
export const RATE_LIMIT_POLICY_HEADER = 'RateLimit-Policy';
/** Name of the remaining-quota header (draft-ietf-httpapi-ratelimit-headers-08 and later). */
export const RATE_LIMIT_HEADER = 'RateLimit';

/** One quota policy as `RateLimit-Policy` announces it. */
export interface RateLimitPolicy {
  /** The policy (window) name, e.g. `hour`. */
  readonly name: string;
  /** Requests allowed per window (`q`). */
  readonly quota: number;
  /** Length of the window in whole seconds (`w`). */
  readonly windowSeconds: number;
}

/** The state of one policy for this caller, as `RateLimit` reports it. */
export interface RateLimitState {
  /** The policy (window) name, matching a `RateLimit-Policy` item. */
  readonly name: string;
  /** Requests left in the current window (`r`), never negative. */
  readonly remaining: number;
  /** Seconds until the quota resets, or until a 429'd caller may retry (`t`). */
  readonly resetSeconds: number;
}

/**
 * Serializes the `RateLimit-Policy` field: a Structured Fields List (RFC 8941) of one string
 * item per policy, with the quota `q` and the window `w` in seconds.
 *
 * @example
 * ```ts
 * formatRateLimitPolicy([{ name: 'hour', quota: 1000, windowSeconds: 3600 }]);
 * // '"hour";q=1000;w=3600'
 * ```
 */
export function formatRateLimitPolicy(policies: readonly RateLimitPolicy[]): string {
  const items: Item[] = new Array<Item>(policies.length);
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i] as RateLimitPolicy;
    items[i] = [p.name, new Map([['q', p.quota], ['w', p.windowSeconds]])];
  }
  return serializeList(items);
}

/**
 * Serializes the `RateLimit` field: a Structured Fields List of one string item per policy, with
 * the remaining quota `r` and the seconds until reset `t`.
 *
 * @example
 * ```ts
 * formatRateLimit([{ name: 'hour', remaining: 999, resetSeconds: 3500 }]);
 * // '"hour";r=999;t=3500'
 * ```
 */
export function formatRateLimit(states: readonly RateLimitState[]): string {
  const items: Item[] = new Array<Item>(states.length);
  for (let i = 0; i < states.length; i++) {
    const s = states[i] as RateLimitState;
    items[i] = [s.name, new Map([['r', s.remaining], ['t', s.resetSeconds]])];
  }
  return serializeList(items);
}
