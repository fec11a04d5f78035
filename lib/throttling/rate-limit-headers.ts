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
  return formatList(policies, POLICY_ITEMS);
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
  return formatList(states, STATE_ITEMS);
}

/** How one kind of list item is written: its two integer parameters and where to read them. */
interface ItemFormat<T> {
  readonly a: string;
  readonly b: string;
  readonly aOf: (entry: T) => number;
  readonly bOf: (entry: T) => number;
}

// Module-level: nothing allocated per response.
const POLICY_ITEMS: ItemFormat<RateLimitPolicy> = { a: 'q', b: 'w', aOf: (p) => p.quota, bOf: (p) => p.windowSeconds };
const STATE_ITEMS: ItemFormat<RateLimitState> = { a: 'r', b: 't', aOf: (s) => s.remaining, bOf: (s) => s.resetSeconds };

/**
 * A list of named items with two integer parameters `a` and `b`, by template string; the first
 * item the fast path does not cover sends the whole list to the serializer, so the bytes never
 * differ from `structured-headers`.
 */
function formatList<T extends { readonly name: string }>(entries: readonly T[], format: ItemFormat<T>): string {
  const { a, b, aOf, bOf } = format;
  let out = '';
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as T;
    const item = fastItem(entry.name, a, aOf(entry), b, bOf(entry));
    if (item === undefined) return serializeItems(entries, format);
    out = i === 0 ? item : `${out}, ${item}`;
  }
  return out;
}

/**
 * One list item as `structured-headers` serializes it, by template string: the serializer
 * builds a Map and an item array per policy, a known hot spot on every response. Covers the
 * usual case only (a string without `"`/`\\` of printable ASCII, integer parameters within
 * RFC 8941's range); `undefined` sends the caller to the serializer, so the bytes never differ.
 */
function fastItem(name: string, a: string, av: number, b: string, bv: number): string | undefined {
  if (!isSfInteger(av) || !isSfInteger(bv) || !PLAIN_STRING.test(name)) return undefined;
  return `"${name}";${a}=${av};${b}=${bv}`;
}

/** Printable ASCII without DQUOTE and backslash: serialized as-is between quotes (RFC 8941 3.3.3). */
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function isSfInteger(value: number): boolean {
  // RFC 8941 integers: at most 15 digits. `-0` would serialize as `0`; excluded to stay exact.
  return Number.isInteger(value) && Math.abs(value) <= 999_999_999_999_999 && !Object.is(value, -0);
}

function serializeItems<T extends { readonly name: string }>(entries: readonly T[], { a, b, aOf, bOf }: ItemFormat<T>): string {
  const items: Item[] = entries.map((entry) => [entry.name, new Map([[a, aOf(entry)], [b, bOf(entry)]])]);
  return serializeList(items);
}
